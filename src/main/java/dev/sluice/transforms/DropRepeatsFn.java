package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
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
 * Per event key: drops repeats of a CloudEvent (same source and id, in the same window) while that
 * window can still change; a timer at the expiry of the event's last window (its horizon) forgets
 * the identity. A retry re-sends the same event, so a repeat always falls in the window of the
 * original. The same id in another window is a new event and starts fresh; a copy of an expired
 * event never gets here, it was diverted as late. The decision needs no watermark: on Flink a step
 * behind another timer step sees events before the watermark its own timers would need.
 *
 * <p>In batch mode ({@link #inBatch}) the watermark reaches the expiries only once all input is in,
 * so nothing is forgotten; and it runs per shard of keys, because the Direct runner processes a
 * keyed step's input one bundle per key, and fewer keys mean fewer bundles.
 */
final class DropRepeatsFn<K> extends DoFn<KV<K, Event>, Event> {

  private final EventWindows windows;
  private final boolean batch;
  private final Counter duplicates =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.DUPLICATES);

  /** Identities of this key inside their horizon -> the expiry of their window. */
  @StateId("seen")
  private final StateSpec<MapState<String, Long>> seenSpec =
      StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

  /** The earliest expiry in {@code seen}, where the cleanup timer is set. */
  @StateId("cleanupAt")
  private final StateSpec<ValueState<Long>> cleanupAtSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("cleanup")
  private final TimerSpec cleanupSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private DropRepeatsFn(EventWindows windows, boolean batch) {
    this.windows = windows;
    this.batch = batch;
  }

  /** Streaming: keyed by event key, identities forgotten once their window expired. */
  static DropRepeatsFn<String> perEventKey(EventWindows windows) {
    return new DropRepeatsFn<>(windows, false);
  }

  /** Batch: keyed by shard, identities kept. */
  static DropRepeatsFn<Integer> inBatch(EventWindows windows) {
    return new DropRepeatsFn<>(windows, true);
  }

  @ProcessElement
  public void process(
      @Element KV<K, Event> element,
      @Timestamp Instant timestamp,
      @StateId("seen") MapState<String, Long> seen,
      @StateId("cleanupAt") ValueState<Long> cleanupAt,
      @TimerId("cleanup") Timer cleanup,
      OutputReceiver<Event> out) {
    Event event = element.getValue();
    if (LateMarker.isMarked(timestamp)) {
      // Expired, not a repeat; reaches here only without late capture, to be dropped as late.
      out.output(event);
      return;
    }
    long expiry = windows.horizonOf(event.eventTimeMillis()).getMillis();
    String identity = batch ? event.key() + '\n' + event.identity() : event.identity();
    Long seenExpiry = seen.get(identity).read();
    if (seenExpiry != null && seenExpiry == expiry) {
      duplicates.inc();
      return;
    }
    seen.put(identity, expiry);
    if (batch) {
      out.output(event);
      return;
    }
    Long at = cleanupAt.read();
    if (at == null || expiry < at) {
      cleanupAt.write(expiry);
      cleanup.set(new Instant(expiry + 1));
    }
    out.output(event);
  }

  @OnTimer("cleanup")
  public void onCleanup(
      @StateId("seen") MapState<String, Long> seen,
      @StateId("cleanupAt") ValueState<Long> cleanupAt,
      @TimerId("cleanup") Timer cleanup) {
    Long passed = cleanupAt.read();
    if (passed == null) {
      return;
    }
    List<String> expired = new ArrayList<>();
    long next = Long.MAX_VALUE;
    for (Map.Entry<String, Long> entry : seen.entries().read()) {
      if (entry.getValue() <= passed) {
        expired.add(entry.getKey());
      } else {
        next = Math.min(next, entry.getValue());
      }
    }
    expired.forEach(seen::remove);
    if (next == Long.MAX_VALUE) {
      cleanupAt.clear();
    } else {
      cleanupAt.write(next);
      cleanup.set(new Instant(next + 1));
    }
  }
}
