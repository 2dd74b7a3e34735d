package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.LateEventCoder;
import dev.sluice.event.RawRecord;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.DropExpiredFn;
import dev.sluice.transforms.ParseEvents;
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
 * expired, aggregate per key and window (a hand-written combine, the pipeline's SQL or a user's
 * query). Every valid event that is not a repeat ends on the late output or in the final result of
 * every window it belongs to: one fixed window, size/slide sliding windows, one (merged) session.
 */
public final class WindowedAggregate extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<WindowResult> RESULTS = new TupleTag<>() {};

  /** The results instead of {@link #RESULTS} when a user query ({@code --sql}) aggregates. */
  public static final TupleTag<QueryResult> QUERY_RESULTS = new TupleTag<>() {};

  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /**
   * How panes are computed.
   *
   * @param earlyFiring processing-time delay of early panes, or null for none
   * @param sql the aggregation query (see {@link AggregateWindows#withSql}), or null for the
   *     equivalent hand-written combine
   * @param query a user's query, or null; when set, results are {@link #QUERY_RESULTS}
   * @param perKeyState the hand-written combine's panes from one state value and timer per key
   *     ({@link SummarizeWindowsPerKey}) instead of Beam's windowing; when streaming, that step
   *     also de-duplicates and captures late events itself
   */
  public record Aggregation(Duration earlyFiring, String sql, UserQuery query, boolean perKeyState)
      implements java.io.Serializable {

    public Aggregation {
      if (perKeyState && (earlyFiring != null || sql != null || query != null)) {
        throw new IllegalArgumentException(
            "--aggregation=keyed has no early firings or SQL: drop --earlyFiring and --sql, or use"
                + " --aggregation=combine");
      }
    }

    public Aggregation(Duration earlyFiring, String sql, UserQuery query) {
      this(earlyFiring, sql, query, false);
    }

    public Aggregation(Duration earlyFiring, String sql) {
      this(earlyFiring, sql, null);
    }

    public static Aggregation combine() {
      return new Aggregation(null, null);
    }

    /** The combine's panes kept per key rather than per key and window. */
    public static Aggregation perKey() {
      return new Aggregation(null, null, null, true);
    }

    public Aggregation withEarlyFiring(Duration delay) {
      return new Aggregation(delay, sql, query, perKeyState);
    }

    public Aggregation withSql(String query) {
      return new Aggregation(earlyFiring, query, this.query, perKeyState);
    }

    public Aggregation withQuery(UserQuery userQuery) {
      return new Aggregation(earlyFiring, null, userQuery, perKeyState);
    }
  }

  private final EventParser parser;
  private final ReadingExtractor reading;
  private final AdmitEvents.Settings admission;
  private final Aggregation aggregation;
  private final RunnerTraits runner;

  /**
   * @param parser the envelope parser (the Kafka source should get {@code
   *     parser.requiring(reading)}, so it reuses the parse)
   * @param reading the number aggregated; records without it are dead letters
   * @param admission the gate: de-duplication and late capture (without capture, Beam drops expired
   *     events inside the GroupByKey, visible only in its droppedDueToLateness counter)
   */
  public WindowedAggregate(
      EventParser parser,
      ReadingExtractor reading,
      AdmitEvents.Settings admission,
      Aggregation aggregation,
      RunnerTraits runner) {
    this.parser = parser;
    this.reading = reading;
    this.admission = admission;
    this.aggregation = aggregation;
    this.runner = runner;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed = records.apply("ParseEvents", new ParseEvents(parser, reading));
    PCollection<Event> events = parsed.get(ParseEvents.VALID);
    PCollection<LateEvent> late;
    EventWindows windows = admission.windows();
    boolean captureLate = admission.captureLate();
    SummarizeWindowsPerKey.Admission inStep =
        new SummarizeWindowsPerKey.Admission(admission.deduplicate(), captureLate);
    if (aggregation.perKeyState()
        && inStep.any()
        && records.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      // The per-key step is its own gate, judged by the watermark that closes its windows.
      PCollectionTuple out =
          events.apply(
              "AggregateWindows",
              new SummarizeWindowsPerKey(reading, windows, windows.allowedLateness(), inStep));
      return outputs(RESULTS, out.get(RESULTS), parsed, out.get(LATE));
    }
    Duration groupingLateness = windows.allowedLateness();
    if (admission.deduplicate() || captureLate) {
      PCollectionTuple admitted = events.apply("AdmitEvents", new AdmitEvents(admission, runner));
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
      groupingLateness = groupingLateness.plus(windows.groupingMargin());
    }
    if (aggregation.query() != null) {
      PCollection<QueryResult> results =
          events.apply(
              "AggregateWindows",
              AggregateWindows.querying(
                  reading,
                  windows,
                  aggregation.earlyFiring(),
                  groupingLateness,
                  aggregation.query()));
      return outputs(QUERY_RESULTS, results, parsed, late);
    }
    PCollection<WindowResult> results;
    if (aggregation.perKeyState()) {
      // Bounded, where the gate above decided by the source's marks, or without any gate.
      results =
          events
              .apply(
                  "AggregateWindows",
                  new SummarizeWindowsPerKey(
                      reading, windows, groupingLateness, SummarizeWindowsPerKey.Admission.NONE))
              .get(RESULTS);
    } else {
      results =
          events.apply(
              "AggregateWindows",
              aggregation.sql() == null
                  ? AggregateWindows.combining(
                      reading, windows, aggregation.earlyFiring(), groupingLateness)
                  : AggregateWindows.withSql(
                      reading,
                      windows,
                      aggregation.earlyFiring(),
                      groupingLateness,
                      aggregation.sql()));
    }
    return outputs(RESULTS, results, parsed, late);
  }

  /** What every path returns: its results, the parse's dead letters, the late events. */
  private static <T> PCollectionTuple outputs(
      TupleTag<T> tag,
      PCollection<T> results,
      PCollectionTuple parsed,
      PCollection<LateEvent> late) {
    return PCollectionTuple.of(tag, results)
        .and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID))
        .and(LATE, late);
  }
}
