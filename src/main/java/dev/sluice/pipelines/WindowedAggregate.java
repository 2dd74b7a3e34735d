package dev.sluice.pipelines;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.io.RawRecord;
import dev.sluice.transforms.AggregateWindows;
import dev.sluice.transforms.ParseEvents;
import dev.sluice.transforms.WindowResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * The business logic of windowed-aggregate, without any I/O: raw records in; window results and
 * dead letters out. Tests feed it a TestStream; the pipeline feeds it Kafka.
 */
public final class WindowedAggregate extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<WindowResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final EventParser parser;
  private final Duration window;
  private final Duration earlyFiring;
  private final Duration allowedLateness;
  private final String sql;

  public WindowedAggregate(
      EventParser parser, Duration window, Duration earlyFiring, Duration allowedLateness, String sql) {
    this.parser = parser;
    this.window = window;
    this.earlyFiring = earlyFiring;
    this.allowedLateness = allowedLateness;
    this.sql = sql;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed = records.apply("ParseEvents", new ParseEvents(parser));
    PCollection<Event> events = parsed.get(ParseEvents.VALID);
    PCollection<WindowResult> results =
        events.apply("AggregateWindows", new AggregateWindows(window, earlyFiring, allowedLateness, sql));
    return PCollectionTuple.of(RESULTS, results).and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID));
  }
}
