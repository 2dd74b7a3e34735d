package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.event.LateEvent;
import dev.sluice.event.LateEventCoder;
import dev.sluice.time.SettlingClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Comparator;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Per key, in event-time order: numbers the key's events 1, 2, 3, ... and emits W_i (positions
 * i*D+1 .. i*D+L) when position i*D+L is placed. Positions in no window (the gaps when L < D) are
 * skipped as they are placed; the state keeps at most L values. An event that sorts before the
 * newest placed event cannot take a position any more (positions never move): it is late.
 *
 * <p>A key is forgotten {@code idle} (event time) after its newest event; the positions of its
 * window still incomplete then (always so at the end of a bounded input) are counted incomplete,
 * and its next event starts again at position 1.
 */
public final class CountWindowFn
    extends EventTimeOrderedFn<Event, CountWindowState, CountWindowFn.Out> {

  /** Event time, then source and id: the same order on every runner. */
  public static final Comparator<Event> POSITION_ORDER =
      Comparator.comparingLong(Event::eventTimeMillis)
          .thenComparing(Event::source)
          .thenComparing(Event::id);

  /** Full tie-break for identical (time, source, id) repeats when de-duplication is off. */
  static final Comparator<Event> ORDER =
      POSITION_ORDER.thenComparing(e -> String.valueOf(e.data()));

  private final CountWindows.Settings settings;
  private final SerializableFunction<Event, Double> value;
  private final Counter windowed =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_WINDOWED);
  private final Counter skipped =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_SKIPPED);
  private final Counter incomplete =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_INCOMPLETE);
  private final Counter late = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_LATE);
  private final Counter pending =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_PENDING);
  private final Counter windowsOut =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_WINDOWS_OUT);

  public CountWindowFn(
      SettlingClock clock,
      CountWindows.Settings settings,
      SerializableFunction<Event, Double> value) {
    super(clock, EventCoder.of(), CountWindowState.Coder.of());
    this.settings = settings;
    this.value = value;
  }

  @Override
  protected long timeOf(Event event) {
    return event.eventTimeMillis();
  }

  @Override
  protected Comparator<Event> order() {
    return ORDER;
  }

  @Override
  protected CountWindowState step(String key, CountWindowState s, Event e, Emitter<Out> out) {
    if (s != null && behindFrontier(s, e)) {
      late.inc();
      pending.dec();
      String reason =
          "count window: key "
              + key
              + " already numbered position "
              + s.placed
              + " at "
              + Instant.ofEpochMilli(s.lastTime);
      out.emit(
          Out.late(new LateEvent(e, s.lastTime, s.lastTime, s.lastTime, reason)),
          e.eventTimeMillis());
      return s;
    }
    CountWindowState state = s == null ? new CountWindowState() : s;
    long p = ++state.placed;
    state.lastTime = e.eventTimeMillis();
    state.lastSource = e.source();
    state.lastId = e.id();
    if (!settings.inSomeWindow(p)) {
      skipped.inc();
      pending.dec();
      return state;
    }
    state.held.addLast(new CountWindowState.Held(e.eventTimeMillis(), value.apply(e)));
    state.unresolved++;
    long i = settings.windowEndingAt(p);
    if (i >= 0) {
      out.emit(Out.window(window(key, i, state)), e.eventTimeMillis());
      windowsOut.inc();
      long resolved = settings.newlyWindowed(i);
      state.unresolved -= resolved;
      windowed.inc(resolved);
      pending.dec(resolved);
      // The next window starts D positions later; with L <= D nothing held is needed again.
      for (long k = Math.min(settings.slide(), settings.length()); k > 0; k--) {
        state.held.removeFirst();
      }
    }
    return state;
  }

  @Override
  protected long deadline(CountWindowState state) {
    return state.lastTime + settings.idleMillis();
  }

  @Override
  protected CountWindowState expire(
      String key, CountWindowState state, long deadline, Emitter<Out> out) {
    incomplete.inc(state.unresolved);
    pending.dec(state.unresolved);
    return null;
  }

  private static boolean behindFrontier(CountWindowState s, Event e) {
    int c = Long.compare(e.eventTimeMillis(), s.lastTime);
    if (c == 0) {
      c = e.source().compareTo(s.lastSource);
    }
    if (c == 0) {
      c = e.id().compareTo(s.lastId);
    }
    return c < 0;
  }

  private static CountWindow window(String key, long i, CountWindowState s) {
    long count = s.held.size();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (CountWindowState.Held h : s.held) {
      sum += h.value();
      min = Math.min(min, h.value());
      max = Math.max(max, h.value());
    }
    return new CountWindow(
        key,
        i,
        s.placed - count + 1,
        s.placed,
        Instant.ofEpochMilli(s.held.peekFirst().time()),
        Instant.ofEpochMilli(s.held.peekLast().time()),
        count,
        sum,
        min,
        max,
        sum / count);
  }

  /** What the machine emits: a complete window or a late event (exactly one is set). */
  public record Out(CountWindow window, LateEvent late) {
    static Out window(CountWindow w) {
      return new Out(w, null);
    }

    static Out late(LateEvent l) {
      return new Out(null, l);
    }
  }

  /** A flag, then the window or the late event. */
  public static final class OutCoder extends AtomicCoder<Out> {
    private static final OutCoder INSTANCE = new OutCoder();

    public static OutCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Out o, OutputStream out) throws IOException {
      BooleanCoder.of().encode(o.window() != null, out);
      if (o.window() != null) {
        CountWindow.Coder.of().encode(o.window(), out);
      } else {
        LateEventCoder.of().encode(o.late(), out);
      }
    }

    @Override
    public Out decode(InputStream in) throws IOException {
      return BooleanCoder.of().decode(in)
          ? Out.window(CountWindow.Coder.of().decode(in))
          : Out.late(LateEventCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
