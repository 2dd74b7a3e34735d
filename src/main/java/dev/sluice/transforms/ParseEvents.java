package dev.sluice.transforms;

import dev.sluice.event.DataExtractor;
import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses and validates raw Kafka records: valid events on {@link #VALID}, the rest on {@link
 * #INVALID}. Valid means a valid CloudEvent envelope from which the pipeline's extractor gets what
 * it needs, so every pipeline's rejects are dead letters of this one stage (read = valid +
 * invalid).
 */
public final class ParseEvents extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<Event> VALID = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> INVALID = new TupleTag<>() {};
  public static final String STAGE = "parse";

  private final EventParser parser;

  /** Checks the envelope only. */
  public ParseEvents(EventParser parser) {
    this.parser = parser;
  }

  /**
   * @param needed what the pipeline reads from {@code data}; a record it rejects is a dead letter
   *     with its reason
   */
  public ParseEvents(EventParser parser, DataExtractor<?> needed) {
    this.parser = parser.requiring(needed);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    return records.apply(
        "ParseAndValidate",
        ParDo.of(new ParseFn(parser)).withOutputTags(VALID, TupleTagList.of(INVALID)));
  }

  private static final class ParseFn extends DoFn<RawRecord, Event> {
    private final EventParser parser;
    private final Counter read = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.READ);
    private final Counter valid = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.VALID);
    private final Counter invalid = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.INVALID);

    ParseFn(EventParser parser) {
      this.parser = parser;
    }

    @ProcessElement
    public void process(@Element RawRecord record, MultiOutputReceiver out) {
      read.inc();
      ParseResult result = parser.parse(record);
      if (result.isValid()) {
        valid.inc();
        out.get(VALID).output(result.event());
      } else {
        invalid.inc();
        out.get(INVALID).output(new DeadLetter(record, result.error(), STAGE, Instant.now()));
      }
    }
  }
}
