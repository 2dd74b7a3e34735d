package dev.sluice.pipelines.merge;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.EventTimeOrderedFn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Per key, lets events out in {@link #ORDER} once event time has settled past them, whichever
 * input, partition or bundle they came from: each leaves as the record it was read from (key, value
 * and headers unchanged) plus a header naming where it was read.
 *
 * <p>The machine needs no state of its own: the kit's waiting bag is the buffer, and a key with
 * nothing waiting keeps nothing.
 */
final class ReleaseInOrderFn extends EventTimeOrderedFn<Event, Long, RawRecord> {

  /** Event time, then CloudEvents source, then id: a total order once repeats are dropped. */
  static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::eventTimeMillis)
          .thenComparing(Event::source)
          .thenComparing(Event::id);

  private final Counter merged = Metrics.counter(MergeMetrics.NAMESPACE, MergeMetrics.MERGED);

  ReleaseInOrderFn(SettlingClock clock) {
    super(clock, EventCoder.of(), VarLongCoder.of());
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
  protected Long step(String key, Long state, Event event, Emitter<RawRecord> out) {
    merged.inc();
    out.emit(asRecord(event), event.eventTimeMillis());
    return null;
  }

  @Override
  protected long deadline(Long state) {
    return Long.MAX_VALUE;
  }

  @Override
  protected Long expire(String key, Long state, long deadline, Emitter<RawRecord> out) {
    return null;
  }

  /**
   * The record as read, with its origin (topic/partition/offset) added; its timestamp is the event
   * time, which an ordered sink sorts by.
   */
  static RawRecord asRecord(Event event) {
    RawRecord origin = event.origin();
    List<RawRecord.Header> headers = new ArrayList<>(origin.headers());
    headers.add(
        new RawRecord.Header(
            LateEvent.ORIGIN_HEADER,
            (origin.topic() + "/" + origin.partition() + "/" + origin.offset())
                .getBytes(StandardCharsets.UTF_8)));
    return new RawRecord(
        "", -1, -1, event.eventTimeMillis(), origin.key(), origin.value(), headers);
  }
}
