package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.EventParser;
import dev.sluice.jdbc.JdbcTarget;
import dev.sluice.jdbc.WriteUpserts;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * windowed-aggregate: count, sum, min, max and average of a reading per key and event-time window.
 */
public final class WindowedAggregatePipeline {

  public static final String NAME = "windowed-aggregate";

  /** Options of windowed-aggregate; durations take 500ms, 10s, 2m, 1h or ISO-8601. */
  public interface Options extends SluiceOptions, LateDataOptions, CountWindowOptions {
    @Description("Topic the window results are written to (one JSON per pane, keyed by event key).")
    @Validation.Required
    String getOutputTopic();

    void setOutputTopic(String value);

    @Description("Length of the fixed or sliding event-time windows.")
    @Default.String("10s")
    String getWindow();

    void setWindow(String value);

    @Description(
        "How event time is cut into windows: 'fixed' (--window), 'sliding' (--window every"
            + " --slide) or 'session' (per key, closed by --gap of inactivity).")
    @Default.String("fixed")
    String getWindowing();

    void setWindowing(String value);

    @Description("With --windowing=sliding: a new window starts this often; must divide --window.")
    @Default.String("")
    String getSlide();

    void setSlide(String value);

    @Description("With --windowing=session: the inactivity that closes a key's session.")
    @Default.String("")
    String getGap();

    void setGap(String value);

    @Description(
        "Emit early (speculative) panes this long in processing time after a pane's first element;"
            + " empty for none.")
    @Default.String("")
    String getEarlyFiring();

    void setEarlyFiring(String value);

    @Description("How long after the watermark passes a window's end late events still update it.")
    @Default.String("30s")
    String getAllowedLateness();

    void setAllowedLateness(String value);

    @Description("Dotted path inside the CloudEvent data of the numeric field to aggregate.")
    @Default.String("value")
    String getValueField();

    void setValueField(String value);

    @Description(
        "Drop repeats of (source, id) while a window they are in can change (until the end of"
            + " their last window + allowed lateness).")
    @Default.Boolean(true)
    boolean getDeduplicate();

    void setDeduplicate(boolean value);

    @Description(
        "Keyed shards of the step that drops repeats and diverts late events; bounds its parallelism.")
    @Default.Integer(32)
    int getAdmissionShards();

    void setAdmissionShards(int value);

    @Description(
        "How to aggregate: 'auto' (the default: 'keyed' where it applies, 'combine' for sessions,"
            + " early firings and on Dataflow, which lifts combines), 'keyed' (one state value and one event-time timer per key for"
            + " all its open windows: fixed or sliding windows, no early firings), 'combine'"
            + " (Beam's windowing with a hand-written combine: state and timers per key and window;"
            + " restores savepoints taken before 'keyed' existed) or 'sql' (Beam SQL running"
            + " pipelines/windowed-aggregate/aggregate.sql; the same results, slower).")
    @Default.String("auto")
    String getAggregation();

    void setAggregation(String value);

    @Description(
        "A file holding your own aggregation query per key and window, over the columns event_key,"
            + " event_value, event_id, event_source, event_type, event_subject, event_time;"
            + " GROUP BY event_key. Its output columns become the result's fields. Empty: the"
            + " fixed count/sum/min/max/avg.")
    @Default.String("")
    String getSql();

    void setSql(String value);
  }

  private WindowedAggregatePipeline() {}

  /** The catalogue entry: options, build, output topics and what must add up. */
  public static final PipelineSpec<Options> SPEC =
      PipelineSpec.of(
              NAME,
              "count/sum/min/max/avg per key in event-time windows",
              Options.class,
              WindowedAggregatePipeline::build)
          .withOutputTopics(o -> List.of(o.getOutputTopic()))
          .withExampleArgs(
              "--inputTopic=events",
              "--outputTopic=results",
              "--deadLetterTopic=dead-letters",
              "--lateTopic=late")
          .withScenario(
              (prefix, dir) ->
                  List.of(
                      "--inputTopic=" + prefix + "-events",
                      "--outputTopic=" + prefix + "-results",
                      "--deadLetterTopic=" + prefix + "-dead-letters",
                      "--lateTopic=" + prefix + "-late"))
          .withAudit(WindowedAggregatePipeline::audit)
          .withView(WindowedAggregateView::show)
          .withCharts(WindowedAggregateCharts::of)
          .withAccounting(
              withCountWindows(Accounting.ofAdmission()).zero(RunSummary.DROPPED_DUE_TO_LATENESS),
              WindowedAggregatePipeline::accounting);

  /**
   * Besides the gate's identities: with sliding windows or sessions every admitted event goes into
   * the grouping once per window it belongs to (size/slide; one session proto-window).
   */
  static Accounting accounting(Options options) {
    Accounting base = withCountWindows(Accounting.ofAdmission());
    EventWindows windows = TimeWindowing.of(options);
    if (windows.kind() != EventWindows.Kind.FIXED) {
      base.multiple(
          SluiceMetrics.WINDOW_MEMBERSHIPS, windows.windowsPerEvent(), SluiceMetrics.AGGREGATED);
    }
    return base.zero(RunSummary.DROPPED_DUE_TO_LATENESS);
  }

  /** Count windows' own identity: printed only in count mode. */
  private static Accounting withCountWindows(Accounting accounting) {
    return accounting.identityWhenUsed(
        SluiceMetrics.COUNT_IN,
        SluiceMetrics.COUNT_WINDOWED,
        SluiceMetrics.COUNT_SKIPPED,
        SluiceMetrics.COUNT_INCOMPLETE,
        SluiceMetrics.COUNT_LATE,
        SluiceMetrics.COUNT_PENDING);
  }

  /** Maps options to transforms; nothing else happens here. */
  public static Pipeline build(Options options) {
    if (options.getCaptureLate() && options.getLateTopic().isBlank()) {
      throw new IllegalArgumentException("--lateTopic is required unless --captureLate=false");
    }
    if (options.getCountWindow() != 0 || options.getCountSlide() != 0) {
      if (!options.getSql().isBlank()) {
        throw new IllegalArgumentException("--sql aggregates time windows, not --countWindow");
      }
      return CountWindowedAggregate.build(options);
    }
    ReadingExtractor reading = new ReadingExtractor(options.getValueField());
    // The source gets the parser with the reading check too: it reuses that parse, and records
    // without a reading never move the watermark.
    EventParser parser = Ingest.parser(options).requiring(reading);
    EventWindows windows = TimeWindowing.of(options);
    WindowedAggregate.Aggregation aggregation =
        new WindowedAggregate.Aggregation(
            early(options),
            aggregationSql(options.getAggregation()),
            userQuery(options),
            perKeyState(options, windows));
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple outputs =
        pipeline
            .apply("ReadEvents", Ingest.read(options, parser, windows, options.getCaptureLate()))
            .apply(
                "WindowedAggregate",
                new WindowedAggregate(
                    parser,
                    reading,
                    admission(options, windows),
                    aggregation,
                    RunnerTraits.of(options)));
    outputs.apply(
        "WriteOutputs",
        new WriteOutputs(
            Ingest.sink(options),
            List.of(
                results(options.getOutputTopic(), aggregation.query() != null),
                WriteOutputs.Output.deadLetters(
                    WindowedAggregate.DEAD_LETTERS, options.getDeadLetterTopic()),
                WriteOutputs.Output.late(
                    WindowedAggregate.LATE,
                    options.getCaptureLate() ? options.getLateTopic() : ""))));
    JdbcTarget database = Database.target(NAME, options);
    if (database != null) {
      if (aggregation.query() != null) {
        throw new IllegalArgumentException(
            "--jdbcUrl stores the fixed aggregates; a --sql query's rows have no table yet: drop"
                + " --jdbcUrl or --sql");
      }
      outputs
          .get(WindowedAggregate.RESULTS)
          .apply(Database.STEP, new WriteUpserts<>(database, ResultsTable.UPSERT));
    }
    return pipeline;
  }

  /** One JSON per pane, keyed by the event key: the fixed aggregates or the user query's. */
  private static WriteOutputs.Output<?> results(String topic, boolean userQuery) {
    return userQuery
        ? WriteOutputs.Output.text(
                "results", WindowedAggregate.QUERY_RESULTS, topic, r -> KV.of(r.key(), r.toJson()))
            .identifiedBy(WindowPane::identity)
        : WriteOutputs.Output.text(
                "results", WindowedAggregate.RESULTS, topic, r -> KV.of(r.key(), r.toJson()))
            .identifiedBy(WindowPane::identity);
  }

  /** The gate in front of either aggregation (time or count windows). */
  static AdmitEvents.Settings admission(Options options, EventWindows windows) {
    return new AdmitEvents.Settings(
        windows,
        options.getDeduplicate(),
        options.getCaptureLate(),
        options.getAdmissionShards(),
        AdmitEvents.CLOCK_KEEP_ALIVE);
  }

  /** Recomputes the job's windows from its input topic and compares them with its output. */
  static AuditReport audit(Options options) {
    if (options.getCountWindow() != 0 || options.getCountSlide() != 0) {
      return CountWindowAudit.audit(options);
    }
    if (options.getInputTopic().size() != 1) {
      throw new IllegalArgumentException("the audit reads one input topic");
    }
    WindowedAggregateAudit audit =
        new WindowedAggregateAudit(
            Ingest.parser(options),
            new ReadingExtractor(options.getValueField()),
            TimeWindowing.of(options),
            Durations.parse(options.getMaxOutOfOrderness()));
    return (options.getSql().isBlank() ? audit : audit.forUserQuery())
        .run(
            options.getBootstrapServers(),
            options.getInputTopic().get(0),
            options.getOutputTopic(),
            options.getDeadLetterTopic(),
            options.getCaptureLate() ? options.getLateTopic() : "");
  }

  private static Duration early(Options options) {
    return options.getEarlyFiring().isBlank()
        ? null
        : Durations.parseJoda("--earlyFiring", options.getEarlyFiring());
  }

  /** The user's --sql query, checked now (launch), or null. */
  static UserQuery userQuery(Options options) {
    if (options.getSql().isBlank()) {
      return null;
    }
    if (!List.of("auto", "combine").contains(options.getAggregation())) {
      throw new IllegalArgumentException(
          "--sql is its own aggregation: drop --aggregation=" + options.getAggregation());
    }
    return UserQuery.load(options.getSql());
  }

  /**
   * Whether panes come from one state value per key ({@link SummarizeWindowsPerKey}): asked for, or
   * by default wherever it gives the same panes as Beam's windowing (not sessions, which merge; not
   * early panes, which fire on processing time; not SQL) and the runner has no cheaper combine of
   * its own (Dataflow lifts combines).
   */
  static boolean perKeyState(Options options, EventWindows windows) {
    switch (options.getAggregation()) {
      case "keyed":
        return true;
      case "auto":
        return windows.kind() != EventWindows.Kind.SESSION
            && options.getEarlyFiring().isBlank()
            && options.getSql().isBlank()
            && !RunnerTraits.of(options).prefersWindowedCombine();
      default:
        return false;
    }
  }

  /** The query for --aggregation=sql, null for the hand-written combine. */
  static String aggregationSql(String aggregation) {
    switch (aggregation) {
      case "auto":
      case "combine":
      case "keyed":
        return null;
      case "sql":
        return PipelineResources.text(NAME + "/aggregate.sql");
      default:
        throw new IllegalArgumentException(
            "--aggregation must be 'auto', 'keyed', 'combine' or 'sql', not '" + aggregation + "'");
    }
  }

  public static void main(String[] args) {
    System.exit(SPEC.main(args));
  }
}
