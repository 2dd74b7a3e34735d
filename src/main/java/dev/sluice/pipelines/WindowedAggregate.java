package dev.sluice.pipelines;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.LateEventCoder;
import dev.sluice.io.RawRecord;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.AggregateWindows;
import dev.sluice.transforms.DropExpiredFn;
import dev.sluice.transforms.EventWindows;
import dev.sluice.transforms.ParseEvents;
import dev.sluice.transforms.WindowResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * The business logic of windowed-aggregate, without any I/O: raw records in; window results, dead
 * letters and late events out. Tests feed it a TestStream; the pipeline feeds it Kafka.
 *
 * <p>Steps: parse and validate, drop repeats of (source, id), divert events whose window has
 * expired, aggregate per key and window (a hand-written combine, or the pipeline's SQL). Every
 * valid event that is not a repeat ends in exactly one window result or on the late output.
 */
public final class WindowedAggregate extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<WindowResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /** How long a shard's watermark clock keeps ticking after its last window (event time). */
  static final Duration CLOCK_KEEP_ALIVE = Duration.standardMinutes(10);

  private final EventParser parser;
  private final EventWindows windows;
  private final Duration earlyFiring;
  private final String sql;
  private final boolean deduplicate;
  private final boolean captureLate;
  private final int shards;

  /**
   * @param earlyFiring processing-time delay of early panes, or null for none
   * @param sql the aggregation query (see {@link AggregateWindows#withSql}), or null for the
   *     equivalent hand-written combine
   * @param captureLate divert expired events to {@link #LATE}; without it Beam drops them inside
   *     the GroupByKey, visible only in its droppedDueToLateness counter
   * @param shards keyed shards of the de-duplication and late-capture step
   */
  public WindowedAggregate(
      EventParser parser,
      EventWindows windows,
      Duration earlyFiring,
      String sql,
      boolean deduplicate,
      boolean captureLate,
      int shards) {
    this.parser = parser;
    this.windows = windows;
    this.earlyFiring = earlyFiring;
    this.sql = sql;
    this.deduplicate = deduplicate;
    this.captureLate = captureLate;
    this.shards = shards;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed = records.apply("ParseEvents", new ParseEvents(parser));
    PCollection<Event> events = parsed.get(ParseEvents.VALID);
    PCollection<LateEvent> late;
    Duration groupingLateness = windows.allowedLateness();
    if (deduplicate || captureLate) {
      PCollectionTuple admitted =
          events.apply(
              "AdmitEvents",
              new AdmitEvents(windows, deduplicate, captureLate, shards, CLOCK_KEEP_ALIVE));
      events = admitted.get(AdmitEvents.ADMITTED);
      late = admitted.get(AdmitEvents.LATE);
    } else {
      late = records.getPipeline().apply("NoAdmission", Create.empty(LateEventCoder.of()));
    }
    if (!captureLate && records.isBounded() == PCollection.IsBounded.BOUNDED) {
      events =
          events.apply("DropExpired", ParDo.of(new DropExpiredFn())).setCoder(events.getCoder());
    }
    if (captureLate) {
      // The gate is exact while its clock runs; the margin covers a clock restarted after a long
      // silence, so the GroupByKey never drops what the gate let through.
      groupingLateness = groupingLateness.plus(windows.size());
    }
    AggregateWindows aggregate =
        sql == null
            ? AggregateWindows.combining(windows.size(), earlyFiring, groupingLateness)
            : AggregateWindows.withSql(windows.size(), earlyFiring, groupingLateness, sql);
    PCollection<WindowResult> results = events.apply("AggregateWindows", aggregate);
    return PCollectionTuple.of(RESULTS, results)
        .and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID))
        .and(LATE, late);
  }
}
