package dev.sluice.time;

import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The window arithmetic the keyed steps share with the aggregation: which fixed window an event
 * falls in and when that window expires (its last instant plus the allowed lateness; once the
 * watermark is past that, Beam's GroupByKey would drop the event).
 */
public final class EventWindows implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final FixedWindows windows;
  private final Duration allowedLateness;

  public EventWindows(Duration size, Duration allowedLateness) {
    this.windows = FixedWindows.of(size);
    this.allowedLateness = allowedLateness;
  }

  public Duration size() {
    return windows.getSize();
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  public IntervalWindow windowOf(long eventTimeMillis) {
    return windows.assignWindow(new Instant(eventTimeMillis));
  }

  /** The last watermark value at which the window may still take events. */
  public Instant expiryOf(IntervalWindow window) {
    return window.maxTimestamp().plus(allowedLateness);
  }

  public Instant expiryOf(long eventTimeMillis) {
    return expiryOf(windowOf(eventTimeMillis));
  }
}
