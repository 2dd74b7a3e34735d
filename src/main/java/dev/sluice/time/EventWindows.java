package dev.sluice.time;

import java.util.List;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The window arithmetic the keyed steps share with the aggregation: which windows an event falls
 * in, when it expires (once the watermark is past that, Beam's GroupByKey would drop it from a
 * window) and how long its identity must be remembered.
 *
 * <p>Beam drops late data per assigned window before any merging ({@code
 * LateDataDroppingDoFnRunner} checks each window's {@code maxTimestamp + allowedLateness} against
 * the input watermark). So:
 *
 * <ul>
 *   <li>fixed: the one window the event falls in;
 *   <li>sliding: an event is late once its EARLIEST window expired (all or nothing, so an admitted
 *       event counts in every window it belongs to); its identity lives until its LAST window
 *       expired;
 *   <li>sessions: Beam drops by the event's own proto-window {@code [t, t+gap)}, at {@code t + gap
 *       - 1ms + lateness}; merging only makes the session longer. The gate's clock can only be
 *       exact on a grid, so an event is late from the last grain boundary before that: at most a
 *       grain (a tenth of the gap, 1 s to 1 min) early, never after Beam would drop it. Its
 *       identity is remembered until Beam's own expiry.
 * </ul>
 */
public final class EventWindows implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** How windows are cut. */
  public enum Kind {
    FIXED,
    SLIDING,
    SESSION
  }

  private static final Duration MIN_SESSION_GRAIN = Duration.standardSeconds(1);
  private static final Duration MAX_SESSION_GRAIN = Duration.standardMinutes(1);

  private final Kind kind;

  /** Window length (fixed, sliding) or gap (sessions). */
  private final Duration size;

  /** Sliding period; equals size otherwise. */
  private final Duration period;

  private final Duration allowedLateness;

  private EventWindows(Kind kind, Duration size, Duration period, Duration allowedLateness) {
    this.kind = kind;
    this.size = size;
    this.period = period;
    this.allowedLateness = allowedLateness;
  }

  /** Fixed windows of {@code size}. */
  public EventWindows(Duration size, Duration allowedLateness) {
    this(Kind.FIXED, size, size, allowedLateness);
  }

  /** Windows of {@code size} starting every {@code period}, which must divide the size. */
  public static EventWindows sliding(Duration size, Duration period, Duration allowedLateness) {
    if (period.getMillis() <= 0 || size.getMillis() % period.getMillis() != 0) {
      // A slide that divides the window puts every event in exactly size/slide windows.
      throw new IllegalArgumentException("the slide must be positive and divide the window");
    }
    return new EventWindows(Kind.SLIDING, size, period, allowedLateness);
  }

  /** Per-key sessions closed by {@code gap} of inactivity. */
  public static EventWindows sessions(Duration gap, Duration allowedLateness) {
    if (gap.getMillis() <= 0) {
      throw new IllegalArgumentException("the session gap must be positive");
    }
    return new EventWindows(Kind.SESSION, gap, gap, allowedLateness);
  }

  public Kind kind() {
    return kind;
  }

  /** Window length; a session's proto-window length (the gap). */
  public Duration size() {
    return size;
  }

  public Duration period() {
    return period;
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  /**
   * The step of a gate's watermark clock, on whose grid every expiry lies: the window (fixed), the
   * slide (sliding); for sessions a tenth of the gap within [1 s, 1 min], at most the gap.
   */
  public Duration grain() {
    if (kind != Kind.SESSION) {
      return period;
    }
    Duration tenth = Duration.millis(Math.max(1, size.getMillis() / 10));
    Duration floor = size.isShorterThan(MIN_SESSION_GRAIN) ? size : MIN_SESSION_GRAIN;
    if (tenth.isShorterThan(floor)) {
      return floor;
    }
    return tenth.isLongerThan(MAX_SESSION_GRAIN) ? MAX_SESSION_GRAIN : tenth;
  }

  /**
   * Extra lateness the GroupByKey keeps behind a gate, so it never drops what the gate admitted
   * (the gate's clock may lag a grain). Sessions keep a gap more: a session stays mergeable while
   * an admitted event could still reach it, so a late event extends it rather than opening an
   * overlapping second one.
   */
  public Duration groupingMargin() {
    return kind == Kind.SESSION ? size.plus(grain()) : size;
  }

  /** Windows each admitted event is counted in: size/period; 1 for fixed and sessions. */
  public long windowsPerEvent() {
    return kind == Kind.SLIDING ? size.getMillis() / period.getMillis() : 1;
  }

  /** The Beam windowing function. */
  public WindowFn<Object, IntervalWindow> windowFn() {
    switch (kind) {
      case SLIDING:
        return SlidingWindows.of(size).every(period);
      case SESSION:
        return Sessions.withGapDuration(size);
      default:
        return FixedWindows.of(size);
    }
  }

  /** The windows (proto-window for sessions) an event is assigned to, earliest first. */
  public List<IntervalWindow> windowsOf(long eventTimeMillis) {
    if (kind != Kind.SLIDING) {
      return List.of(windowOf(eventTimeMillis));
    }
    long p = period.getMillis();
    long lastStart = Math.floorDiv(eventTimeMillis, p) * p;
    List<IntervalWindow> out = new java.util.ArrayList<>();
    for (long start = lastStart - (windowsPerEvent() - 1) * p; start <= lastStart; start += p) {
      out.add(new IntervalWindow(new Instant(start), size));
    }
    return out;
  }

  /**
   * The window whose expiry makes the event late: its fixed window, its earliest sliding window, or
   * its session proto-window.
   */
  public IntervalWindow windowOf(long eventTimeMillis) {
    switch (kind) {
      case SESSION:
        return new IntervalWindow(new Instant(eventTimeMillis), size);
      case SLIDING:
        return windowsOf(eventTimeMillis).get(0);
      default:
        long s = size.getMillis();
        return new IntervalWindow(new Instant(Math.floorDiv(eventTimeMillis, s) * s), size);
    }
  }

  /** The last watermark value at which the window may still take events. */
  public Instant expiryOf(IntervalWindow window) {
    return window.maxTimestamp().plus(allowedLateness);
  }

  /** The last watermark value at which the event is admitted. */
  public Instant expiryOf(long eventTimeMillis) {
    if (kind == Kind.SESSION) {
      // The last grain boundary at or before the proto-window's own expiry.
      long g = grain().getMillis();
      long boundary = Math.floorDiv(eventTimeMillis + size.getMillis(), g) * g;
      return new Instant(boundary - 1).plus(allowedLateness);
    }
    return expiryOf(windowOf(eventTimeMillis));
  }

  /**
   * Until when a repeat of the event could still change a window: the expiry of its last window.
   * De-duplication remembers the event's identity this long.
   */
  public Instant horizonOf(long eventTimeMillis) {
    if (kind == Kind.SESSION) {
      // Beam's own expiry: without late capture the grouping takes the event until then.
      return expiryOf(windowOf(eventTimeMillis));
    }
    if (kind == Kind.FIXED) {
      return expiryOf(eventTimeMillis);
    }
    List<IntervalWindow> all = windowsOf(eventTimeMillis);
    return expiryOf(all.get(all.size() - 1));
  }

  /** e.g. {@code fixed 10s}, {@code sliding 10s every 5s}, {@code sessions with gap 30s}. */
  @Override
  public String toString() {
    switch (kind) {
      case SLIDING:
        return "sliding " + size + " every " + period + ", lateness " + allowedLateness;
      case SESSION:
        return "sessions with gap " + size + ", lateness " + allowedLateness;
      default:
        return "fixed " + size + ", lateness " + allowedLateness;
    }
  }
}
