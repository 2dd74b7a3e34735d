package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
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
 * Per shard, numbers records 0, 1, 2 ... in the order of their timestamps, once the watermark has
 * passed them. Steps between the producer of an ordered stream and its writer may run bundles in
 * parallel (the DirectRunner does), so the order they arrive in proves nothing; the watermark does:
 * once it passes a time, every record at or before it is here. Ties keep their arrival order (a
 * producer emits a key's records of one time together, in one bundle).
 */
final class SequenceInTimeOrderFn
    extends DoFn<KV<Integer, RawRecord>, KV<Integer, KV<Long, RawRecord>>> {

  @StateId("waiting")
  private final StateSpec<BagState<KV<Long, RawRecord>>> waitingSpec =
      StateSpecs.bag(KvCoder.of(VarLongCoder.of(), RawRecordCoder.of()));

  @StateId("next")
  private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

  /** When the pending release fires; empty when nothing waits. */
  @StateId("releaseAt")
  private final StateSpec<ValueState<Long>> releaseAtSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("release")
  private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<Integer, RawRecord> element,
      @Timestamp Instant timestamp,
      @StateId("waiting") BagState<KV<Long, RawRecord>> waiting,
      @StateId("releaseAt") ValueState<Long> releaseAt,
      @TimerId("release") Timer release) {
    long time = timestamp.getMillis();
    waiting.add(KV.of(time, element.getValue()));
    Long pending = releaseAt.read();
    if (pending == null || time < pending) {
      arm(release, releaseAt, time);
    }
  }

  @OnTimer("release")
  public void release(
      OnTimerContext context,
      @Key Integer shard,
      @StateId("waiting") BagState<KV<Long, RawRecord>> waiting,
      @StateId("next") ValueState<Long> next,
      @StateId("releaseAt") ValueState<Long> releaseAt,
      @TimerId("release") Timer release) {
    long horizon = context.fireTimestamp().getMillis();
    List<KV<Long, RawRecord>> ready = new ArrayList<>();
    List<KV<Long, RawRecord>> later = new ArrayList<>();
    for (KV<Long, RawRecord> r : waiting.read()) {
      (r.getKey() <= horizon ? ready : later).add(r);
    }
    ready.sort(Comparator.comparingLong(KV::getKey));
    Long stored = next.read();
    long n = stored == null ? 0 : stored;
    for (KV<Long, RawRecord> r : ready) {
      context.output(KV.of(shard, KV.of(n++, r.getValue())));
    }
    next.write(n);
    waiting.clear();
    later.forEach(waiting::add);
    long earliest = later.stream().mapToLong(KV::getKey).min().orElse(Long.MAX_VALUE);
    if (earliest == Long.MAX_VALUE) {
      releaseAt.clear();
    } else {
      arm(release, releaseAt, earliest);
    }
  }

  private static void arm(Timer release, ValueState<Long> releaseAt, long time) {
    releaseAt.write(time);
    release.set(new Instant(time));
  }
}
