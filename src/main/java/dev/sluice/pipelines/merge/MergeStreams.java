package dev.sluice.pipelines.merge;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.ParseEvents;
import java.io.Serializable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The business logic of merge without any I/O: records of any number of inputs in; per key, the
 * same records in event-time order, plus dead letters and late events. Tests feed it a TestStream;
 * the pipeline feeds it Kafka.
 *
 * <p>The watermark every step sees is the minimum over all inputs' partitions, so an input that
 * lags holds the merged output back rather than letting it out of order. An event arriving after
 * event time has passed it (by more than the allowed lateness, at the gate's grain) is late: its
 * place in the order may already be taken, so it goes to the late output instead.
 */
public final class MergeStreams extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<RawRecord> MERGED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /** The gate judges lateness per second of event time: finer would tick its clock per event. */
  public static final Duration GRAIN = Duration.standardSeconds(1);

  /**
   * @param lateness how long after the watermark passes an event's second it may still be merged;
   *     every event waits that long, too
   * @param deduplicate drop repeats of (source, id)
   * @param admissionShards keyed shards of the gate
   */
  public record Settings(Duration lateness, boolean deduplicate, int admissionShards)
      implements Serializable {

    /**
     * One-second windows whose expiry is the end of an event's second plus the lateness. Late
     * events are always captured: one let through would leave after events later than it.
     */
    public EventWindows gateWindows() {
      return new EventWindows(GRAIN, lateness);
    }

    /** When an event may leave: nothing at or before its time can still pass the gate. */
    public SettlingClock clock() {
      return new SettlingClock(gateWindows());
    }

    AdmitEvents.Settings admission() {
      return new AdmitEvents.Settings(
          gateWindows(), deduplicate, true, admissionShards, AdmitEvents.CLOCK_KEEP_ALIVE);
    }
  }

  private final EventParser parser;
  private final Settings settings;
  private final RunnerTraits runner;

  public MergeStreams(EventParser parser, Settings settings, RunnerTraits runner) {
    this.parser = parser;
    this.settings = settings;
    this.runner = runner;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed = records.apply("ParseEvents", new ParseEvents(parser));
    PCollectionTuple admitted =
        parsed
            .get(ParseEvents.VALID)
            .apply("AdmitEvents", new AdmitEvents(settings.admission(), runner));
    PCollection<Event> events = admitted.get(AdmitEvents.ADMITTED);
    PCollection<RawRecord> merged =
        events
            .apply("KeyByEventKey", WithKeys.of(Event::key).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), events.getCoder()))
            .apply("ReleaseInOrder", ParDo.of(new ReleaseInOrderFn(settings.clock())))
            .setCoder(RawRecordCoder.of());
    return PCollectionTuple.of(MERGED, merged)
        .and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID))
        .and(LATE, admitted.get(AdmitEvents.LATE));
  }
}
