package dev.sluice.transforms;

import dev.sluice.time.SettlingClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * A per-key state machine that sees its events in event-time order, whatever order, bundles or
 * runner they arrive in: events wait in state until event time has settled behind the gate ({@link
 * SettlingClock}), then {@link #step} takes them sorted by {@link #order()}. The machine's own
 * deadlines (a timeout, a rate limit, forgetting an idle key) fire through {@link #expire} once
 * event time has settled past them, in order with the events around them. So the same input gives
 * the same outputs on every runner, byte for byte.
 *
 * <p>One event-time timer per key walks these points. It holds the output watermark at the earliest
 * waiting event or deadline, so what the machine emits at an event's time (or at a deadline) is
 * never late downstream.
 *
 * <p>When a bounded input ends the watermark jumps to the end of time, so every deadline fires, as
 * it would once event time moved on: a timeout after a key's last event still happens. A machine
 * returning null from {@link #step} or {@link #expire} has forgotten the key; its state is cleared.
 *
 * @param <V> the events
 * @param <S> the machine's state per key
 * @param <O> what it emits
 */
public abstract class EventTimeOrderedFn<V, S, O> extends DoFn<KV<String, V>, O> {

  /** Where a step's or a deadline's results go, each stamped with the time it happened. */
  public interface Emitter<O> {
    void emit(O value, long eventTimeMillis);
  }

  private final SettlingClock clock;

  @StateId("waiting")
  private final StateSpec<BagState<V>> waitingSpec;

  @StateId("machine")
  private final StateSpec<ValueState<S>> machineSpec;

  /** The hold of the pending wake-up: the earliest waiting event or deadline. */
  @StateId("holdAt")
  private final StateSpec<ValueState<Long>> holdAtSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("wake")
  private final TimerSpec wakeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  protected EventTimeOrderedFn(SettlingClock clock, Coder<V> eventCoder, Coder<S> stateCoder) {
    this.clock = clock;
    this.waitingSpec = StateSpecs.bag(eventCoder);
    this.machineSpec = StateSpecs.value(stateCoder);
  }

  /** The event's time (epoch millis). */
  protected abstract long timeOf(V event);

  /** A total order of the events: time first, then whatever makes ties deterministic. */
  protected abstract Comparator<V> order();

  /** Takes one event; {@code state} is null for a key not seen or forgotten. */
  protected abstract S step(String key, S state, V event, Emitter<O> out);

  /** The machine's next deadline (event time), {@link Long#MAX_VALUE} for none. */
  protected abstract long deadline(S state);

  /** The deadline has passed with no event before it; it must move or go. */
  protected abstract S expire(String key, S state, long deadline, Emitter<O> out);

  @ProcessElement
  public void process(
      @Element KV<String, V> element,
      @StateId("waiting") BagState<V> waiting,
      @StateId("holdAt") ValueState<Long> holdAt,
      @TimerId("wake") Timer wake) {
    V event = element.getValue();
    waiting.add(event);
    long time = timeOf(event);
    Long hold = holdAt.read();
    // A later event settles no sooner than the pending wake-up; an earlier one moves it (and its
    // hold, which may not precede the element being processed) back to itself.
    if (hold == null || time < hold) {
      arm(wake, holdAt, time);
    }
  }

  @OnTimer("wake")
  public void wake(
      OnTimerContext context,
      @Key String key,
      @StateId("waiting") BagState<V> waiting,
      @StateId("machine") ValueState<S> machine,
      @StateId("holdAt") ValueState<Long> holdAt,
      @TimerId("wake") Timer wake) {
    long horizon = context.fireTimestamp().getMillis();
    List<V> ready = new ArrayList<>();
    List<V> later = new ArrayList<>();
    for (V v : waiting.read()) {
      (clock.settledAt(timeOf(v)) <= horizon ? ready : later).add(v);
    }
    ready.sort(order());
    Emitter<O> out = (value, at) -> context.outputWithTimestamp(value, new Instant(at));
    S state = machine.read();
    for (V v : ready) {
      state = expireBefore(key, state, timeOf(v), out);
      state = step(key, state, v, out);
    }
    state = expireSettled(key, state, horizon, out);
    waiting.clear();
    later.forEach(waiting::add);
    if (state == null) {
      machine.clear();
    } else {
      machine.write(state);
    }
    long next = state == null ? Long.MAX_VALUE : deadline(state);
    for (V v : later) {
      next = Math.min(next, timeOf(v));
    }
    if (next == Long.MAX_VALUE) {
      holdAt.clear();
    } else {
      arm(wake, holdAt, next);
    }
  }

  /**
   * The machine without Beam, as an audit recomputes it: one key's events from a fresh state, in
   * order, with every deadline up to {@code until} fired between them exactly as {@link #wake}
   * fires them. Returns the state left (null if forgotten).
   */
  public S replay(String key, List<V> events, long until, Emitter<O> out) {
    List<V> sorted = new ArrayList<>(events);
    sorted.sort(order());
    // The subclass's counters need a container outside a pipeline; they are not reported.
    try (java.io.Closeable scope =
        MetricsEnvironment.scopedMetricsContainer(new ReplayCounters())) {
      S state = null;
      for (V v : sorted) {
        state = expireBefore(key, state, timeOf(v), out);
        state = step(key, state, v, out);
      }
      while (state != null && deadline(state) <= until && deadline(state) != Long.MAX_VALUE) {
        long due = deadline(state);
        state = moved(due, expire(key, state, due, out));
      }
      return state;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Fires the deadlines before an event at {@code time}: they passed with nothing in between. */
  private S expireBefore(String key, S state, long time, Emitter<O> out) {
    while (state != null) {
      long due = deadline(state);
      if (due >= time) {
        return state;
      }
      state = moved(due, expire(key, state, due, out));
    }
    return null;
  }

  /** Fires the deadlines event time has settled past. */
  private S expireSettled(String key, S state, long horizon, Emitter<O> out) {
    while (state != null) {
      long due = deadline(state);
      if (due == Long.MAX_VALUE || clock.settledAt(due) > horizon) {
        return state;
      }
      state = moved(due, expire(key, state, due, out));
    }
    return null;
  }

  private S moved(long due, S state) {
    if (state != null && deadline(state) <= due) {
      throw new IllegalStateException(
          getClass().getSimpleName() + ".expire left its deadline at " + due + "; it must move");
    }
    return state;
  }

  private void arm(Timer wake, ValueState<Long> holdAt, long time) {
    holdAt.write(time);
    wake.withOutputTimestamp(new Instant(time)).set(new Instant(clock.settledAt(time)));
  }
}
