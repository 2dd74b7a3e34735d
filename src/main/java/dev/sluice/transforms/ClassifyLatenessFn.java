package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.event.LateEvent;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import dev.sluice.time.WatermarkKnowledge;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Per shard: sends events whose window has expired to {@link AdmitEvents#LATE}, the rest on.
 *
 * <p>A chain of event-time timers walks the watermark in steps of the windows' grain (the window
 * size; the slide; a tenth of a session gap, 1 s to 1 min), one per window expiry (the clock); a
 * fired tick at expiry G proves every window expiring at or before G is gone, and is shared through
 * {@link WatermarkKnowledge}. The pending tick holds the output watermark at its expiry, so the
 * GroupByKey downstream cannot pass the expiry of a window still considered open and nothing let
 * through is dropped there. A chain stops after {@code keepAlive} of event time without new windows
 * (state stays three values per shard); the next event restarts it.
 */
final class ClassifyLatenessFn extends DoFn<KV<Integer, Event>, Event> {

  private final EventWindows windows;
  private final WatermarkKnowledge knowledge;
  private final long grainMillis;
  private final long keepAliveMillis;
  private final Counter late = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.LATE);

  /** Largest window expiry this shard's clock has seen the watermark pass. */
  @StateId("expiredThrough")
  private final StateSpec<ValueState<Long>> expiredThroughSpec =
      StateSpecs.value(VarLongCoder.of());

  /** Expiry the pending tick stands for; empty while the chain is stopped. */
  @StateId("pendingTick")
  private final StateSpec<ValueState<Long>> pendingTickSpec = StateSpecs.value(VarLongCoder.of());

  /** Latest window expiry among events this shard let through. */
  @StateId("lastExpiry")
  private final StateSpec<ValueState<Long>> lastExpirySpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("clock")
  private final TimerSpec clockSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  ClassifyLatenessFn(EventWindows windows, WatermarkKnowledge knowledge, Duration keepAlive) {
    this.windows = windows;
    this.knowledge = knowledge;
    this.grainMillis = windows.grain().getMillis();
    this.keepAliveMillis = keepAlive.getMillis();
  }

  @ProcessElement
  public void process(
      @Element KV<Integer, Event> element,
      @Timestamp Instant timestamp,
      @StateId("expiredThrough") ValueState<Long> expiredThrough,
      @StateId("pendingTick") ValueState<Long> pendingTick,
      @StateId("lastExpiry") ValueState<Long> lastExpiry,
      @TimerId("clock") Timer clock,
      MultiOutputReceiver out) {
    Event event = element.getValue();
    long expiry = windows.expiryOf(event.eventTimeMillis()).getMillis();
    Long own = expiredThrough.read();
    long known = own == null ? knowledge.expiredThrough() : knowledge.learn(own);
    // Late either by the source's own watermark when it read the event, or by what the clock knows.
    if (LateMarker.isMarked(timestamp) || expiry <= known) {
      late.inc();
      out.get(AdmitEvents.LATE).output(lateEvent(windows, event));
      return;
    }
    out.get(AdmitEvents.ADMITTED).output(event);
    Long last = lastExpiry.read();
    if (last == null || expiry > last) {
      lastExpiry.write(expiry);
    }
    Long pending = pendingTick.read();
    if (pending == null) {
      // (Re)start the chain right after what is known. A timer set while processing an element
      // may not hold the watermark before that element's timestamp, hence the lower bound.
      long start =
          known == Long.MIN_VALUE
              ? expiry
              : Math.max(known + grainMillis, expiryAtOrAfter(event.eventTimeMillis()));
      arm(clock, pendingTick, Math.min(start, expiry));
    } else if (own == null && expiry < pending) {
      // Before its first tick, a shard's chain starts at the oldest window it has seen.
      arm(clock, pendingTick, expiry);
    }
  }

  @OnTimer("clock")
  public void onTick(
      @StateId("expiredThrough") ValueState<Long> expiredThrough,
      @StateId("pendingTick") ValueState<Long> pendingTick,
      @StateId("lastExpiry") ValueState<Long> lastExpiry,
      @TimerId("clock") Timer clock) {
    Long tick = pendingTick.read();
    if (tick == null) {
      return;
    }
    expiredThrough.write(tick);
    knowledge.learn(tick);
    long next = tick + grainMillis;
    Long last = lastExpiry.read();
    if (last != null && next <= last + keepAliveMillis) {
      arm(clock, pendingTick, next);
    } else {
      pendingTick.clear();
    }
  }

  /** The event as the late output carries it: with its window and when that expired. */
  static LateEvent lateEvent(EventWindows windows, Event event) {
    IntervalWindow window = windows.windowOf(event.eventTimeMillis());
    return new LateEvent(
        event,
        window.start().getMillis(),
        window.end().getMillis(),
        windows.expiryOf(event.eventTimeMillis()).getMillis());
  }

  /** The expiry of the earliest window whose expiry is not before {@code timestampMillis}. */
  private long expiryAtOrAfter(long timestampMillis) {
    long expiry = windows.expiryOf(timestampMillis).getMillis();
    while (expiry - grainMillis >= timestampMillis) {
      expiry -= grainMillis;
    }
    return expiry;
  }

  /**
   * The tick fires once the watermark is past {@code expiry}; until then it holds the output there.
   */
  private static void arm(Timer clock, ValueState<Long> pendingTick, long expiry) {
    pendingTick.write(expiry);
    clock.withOutputTimestamp(new Instant(expiry)).set(new Instant(expiry + 1));
  }
}
