package dev.sluice.pipelines.clickstream;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * clickstream: sessions in Beam SQL, the view -> cart -> checkout -> purchase funnel and a running
 * profile per user with event-time timers, hourly funnel conversion in Beam SQL (seed 6.2).
 */
public final class ClickstreamPipeline {

  public static final String NAME = "clickstream";

  /** Options of clickstream; durations take 500ms, 10s, 2m, 1h, 7d or ISO-8601. */
  public interface Options extends SluiceOptions, LateDataOptions {
    @Description("Topic of the sessions: one JSON per session pane, keyed by user.")
    @Validation.Required
    String getSessionsTopic();

    void setSessionsTopic(String value);

    @Description("Topic of the funnels: one JSON per funnel completed or abandoned, keyed by user.")
    @Validation.Required
    String getFunnelsTopic();

    void setFunnelsTopic(String value);

    @Description("Topic of the hourly funnel statistics: step counts and conversion rates.")
    @Validation.Required
    String getFunnelStatsTopic();

    void setFunnelStatsTopic(String value);

    @Description("Topic of the user profiles: running features per user, keyed by user.")
    @Validation.Required
    String getProfilesTopic();

    void setProfilesTopic(String value);

    @Description("Clicks closer than this (event time) belong to one session.")
    @Default.String("30m")
    String getSessionGap();

    void setSessionGap(String value);

    // Not --allowedLateness (nor --forgetAfter below): Beam refuses one option name with two
    // defaults in one JVM, and the other pipelines' defaults do not suit sessions and users.
    @Description("How long after a session's end late clicks still extend or merge it.")
    @Default.String("5m")
    String getSessionLateness();

    void setSessionLateness(String value);

    @Description(
        "The longest a funnel waits (event time) for its next step before it is abandoned.")
    @Default.String("30m")
    String getStepTimeout();

    void setStepTimeout(String value);

    @Description("A changed profile is emitted at most once per this much event time.")
    @Default.String("10m")
    String getProfileInterval();

    void setProfileInterval(String value);

    @Description("A user not seen this long (event time) is forgotten: profile and state cleared.")
    @Default.String("7d")
    String getForgetUsersAfter();

    void setForgetUsersAfter(String value);

    @Description("Drop repeats of (source, id) within a session's horizon.")
    @Default.Boolean(true)
    boolean getDeduplicate();

    void setDeduplicate(boolean value);

    @Description("Keyed shards of the gate that drops repeats and diverts late clicks.")
    @Default.Integer(32)
    int getAdmissionShards();

    void setAdmissionShards(int value);
  }

  public static final PipelineSpec<Options> SPEC =
      PipelineSpec.of(
              NAME,
              "sessions in Beam SQL, funnels and user profiles per user with event-time timers",
              Options.class,
              ClickstreamPipeline::build)
          .withOutputTopics(
              o ->
                  List.of(
                      o.getSessionsTopic(),
                      o.getFunnelsTopic(),
                      o.getFunnelStatsTopic(),
                      o.getProfilesTopic()))
          .withExampleArgs(
              "--inputTopic=clicks",
              "--sessionsTopic=sessions",
              "--funnelsTopic=funnels",
              "--funnelStatsTopic=funnel-stats",
              "--profilesTopic=profiles",
              "--deadLetterTopic=dead-letters",
              "--lateTopic=late")
          .withScenario(
              (prefix, dir) ->
                  List.of(
                      "--inputTopic=" + prefix + "-clicks",
                      "--sessionsTopic=" + prefix + "-sessions",
                      "--funnelsTopic=" + prefix + "-funnels",
                      "--funnelStatsTopic=" + prefix + "-funnel-stats",
                      "--profilesTopic=" + prefix + "-profiles",
                      "--deadLetterTopic=" + prefix + "-dead-letters",
                      "--lateTopic=" + prefix + "-late"))
          .withAudit(ClickstreamPipeline::audit)
          .withView(ClickstreamView::show)
          .withCharts(ClickstreamCharts::of)
          .withWorkload(PipelineSpec.Workload.CLICKSTREAM, o -> "")
          // Minutes, not hours: sessions, funnels and profiles end while a fault test runs.
          .withLiveArgs(
              "--sessionGap=20s",
              "--stepTimeout=30s",
              "--sessionLateness=5s",
              "--profileInterval=10s")
          .withAccounting(
              Accounting.ofAdmission()
                  .identity(ClickMetrics.CLICKS, TrackFunnelsFn.CLICKS)
                  .identity(ClickMetrics.CLICKS, ProfileUsersFn.CLICKS));

  private ClickstreamPipeline() {}

  /** What the options ask the pipeline to compute (also what a plain-Java replay needs). */
  public static Clickstream.Settings settings(Options o) {
    return new Clickstream.Settings(
        new Clickstream.Queries(
            PipelineResources.text(NAME + "/sessions.sql"),
            PipelineResources.text(NAME + "/funnel-stats.sql")),
        Durations.parsePositiveJoda("--sessionGap", o.getSessionGap()),
        Durations.parseJoda("--sessionLateness", o.getSessionLateness()),
        Durations.parsePositiveJoda("--stepTimeout", o.getStepTimeout()),
        Durations.parsePositiveJoda("--profileInterval", o.getProfileInterval()),
        Durations.parsePositiveJoda("--forgetUsersAfter", o.getForgetUsersAfter()),
        o.getDeduplicate(),
        o.getCaptureLate(),
        o.getAdmissionShards());
  }

  /** Maps options to transforms. */
  public static Pipeline build(Options options) {
    if (options.getCaptureLate() && options.getLateTopic().isBlank()) {
      throw new IllegalArgumentException("--lateTopic is required unless --captureLate=false");
    }
    Clickstream.Settings settings = settings(options);
    EventParser parser = Ingest.parser(options).requiring(new ClickFields());
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple out =
        pipeline
            .apply(
                "ReadEvents",
                Ingest.read(options, parser, settings.gateWindows(), options.getCaptureLate()))
            .apply("Clickstream", new Clickstream(parser, settings, RunnerTraits.of(options)));
    List<WriteOutputs.Output<?>> outputs =
        List.of(
            WriteOutputs.Output.text(
                    "sessions", Clickstream.SESSIONS, options.getSessionsTopic(), kv -> kv)
                .storedIn(ResultTable.of("clickstream_sessions", "events", "pane")),
            WriteOutputs.Output.text(
                    "funnels", Clickstream.FUNNELS, options.getFunnelsTopic(), kv -> kv)
                .storedIn(ResultTable.of("clickstream_funnels")),
            WriteOutputs.Output.text(
                    "funnel-stats",
                    Clickstream.FUNNEL_STATS,
                    options.getFunnelStatsTopic(),
                    kv -> kv)
                .storedIn(ResultTable.of("clickstream_funnel_stats", "funnels", "pane")),
            WriteOutputs.Output.text(
                    "profiles", Clickstream.PROFILES, options.getProfilesTopic(), kv -> kv)
                .storedIn(ResultTable.of("clickstream_profiles", "as_of")),
            WriteOutputs.Output.deadLetters(Clickstream.DEAD_LETTERS, options.getDeadLetterTopic()),
            WriteOutputs.Output.late(
                Clickstream.LATE, options.getCaptureLate() ? options.getLateTopic() : ""));
    out.apply("WriteOutputs", new WriteOutputs(Ingest.sink(options), outputs));
    Database.store(NAME, options, out, outputs);
    return pipeline;
  }

  /** Recomputes the job's sessions, funnels and profiles from its input topic and compares. */
  static ClickstreamReport audit(Options o) {
    AuditedInput input = AuditedInput.read(o, Ingest.parser(o).requiring(new ClickFields()));
    return new ClickstreamAudit(settings(o))
        .audit(
            input,
            ClickstreamAudit.Written.read(
                o.getBootstrapServers(),
                o.getSessionsTopic(),
                o.getFunnelsTopic(),
                o.getProfilesTopic()));
  }

  public static void main(String[] args) {
    System.exit(SPEC.main(args));
  }
}
