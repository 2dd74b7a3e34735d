package dev.sluice.pipelines.merge;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.Chart;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.transforms.SluiceMetrics;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.PCollectionTuple;

/** merge: any number of input topics into one, each key's events in event-time order (seed 3.3). */
public final class MergePipeline {

  public static final String NAME = "merge";

  /** Options of merge; durations take 500ms, 10s, 2m, 1h or ISO-8601. */
  public interface Options extends SluiceOptions, LateDataOptions {
    @Description(
        "Topic the merged events are written to: each record as read (key, value, headers), plus"
            + " a sluice_origin header; per key in event-time order, ties by source then id.")
    @Validation.Required
    String getOutputTopic();

    void setOutputTopic(String value);

    // Not --allowedLateness: other pipelines give that name a different default.
    @Description(
        "How long after the watermark passes the end of an event's second it is still merged;"
            + " later ones go to --lateTopic. Every event waits this long before it leaves.")
    @Default.String("0s")
    String getMergeLateness();

    void setMergeLateness(String value);

    @Description("Drop repeats of (source, id) while they could still be merged.")
    @Default.Boolean(true)
    boolean getDeduplicate();

    void setDeduplicate(boolean value);

    @Description("Keyed shards of the gate that drops repeats and diverts late events.")
    @Default.Integer(32)
    int getAdmissionShards();

    void setAdmissionShards(int value);
  }

  public static final PipelineSpec<Options> SPEC =
      PipelineSpec.of(
              NAME,
              "N input topics into one, per key in event-time order",
              Options.class,
              MergePipeline::build)
          .withOutputTopics(o -> List.of(o.getOutputTopic()))
          .withExampleArgs(
              "--inputTopic=orders,payments,shipments",
              "--outputTopic=merged",
              "--deadLetterTopic=dead-letters",
              "--lateTopic=late")
          .withScenario(
              (prefix, dir) ->
                  List.of(
                      // The second input stays empty: the idle case in every scenario run.
                      "--inputTopic=" + prefix + "-events," + prefix + "-quiet",
                      "--outputTopic=" + prefix + "-merged",
                      "--deadLetterTopic=" + prefix + "-dead-letters",
                      "--lateTopic=" + prefix + "-late"))
          .withAudit(o -> new MergeAudit(Ingest.parser(o), settings(o).clock()).run(o))
          .withView(MergeView::show)
          .withCharts(
              o ->
                  List.of(
                      Chart.countBy("Merged events by type", o.getOutputTopic(), "type"),
                      Chart.countBy("Merged events by source", o.getOutputTopic(), "source")))
          .withAccounting(
              Accounting.ofAdmission().identity(SluiceMetrics.AGGREGATED, MergeMetrics.MERGED));

  private MergePipeline() {}

  static MergeStreams.Settings settings(Options o) {
    if (!o.getCaptureLate()) {
      throw new IllegalArgumentException(
          "merge always captures late events (one let through would leave out of order):"
              + " drop --captureLate=false and give --lateTopic");
    }
    if (o.getLateTopic().isBlank()) {
      throw new IllegalArgumentException("merge needs --lateTopic for events that come too late");
    }
    return new MergeStreams.Settings(
        Durations.parseJoda("--mergeLateness", o.getMergeLateness()),
        o.getDeduplicate(),
        o.getAdmissionShards());
  }

  /** Maps options to transforms. */
  public static Pipeline build(Options options) {
    MergeStreams.Settings settings = settings(options);
    // One parser for the source's event time and the parse step, so the step reuses that parse.
    EventParser parser = Ingest.parser(options);
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple out =
        pipeline
            .apply("ReadEvents", Ingest.read(options, parser, settings.gateWindows(), true))
            .apply("MergeStreams", new MergeStreams(parser, settings, RunnerTraits.of(options)));
    List<WriteOutputs.Output<?>> outputs =
        List.of(
            WriteOutputs.Output.records(
                    "merged", MergeStreams.MERGED, options.getOutputTopic(), r -> r)
                .inKeyOrder()
                .storedIn(ResultTable.events("merge_events", parser, Map.of())),
            WriteOutputs.Output.deadLetters(
                MergeStreams.DEAD_LETTERS, options.getDeadLetterTopic()),
            WriteOutputs.Output.late(MergeStreams.LATE, options.getLateTopic()));
    out.apply("WriteOutputs", new WriteOutputs(Ingest.sink(options), outputs));
    Database.store(NAME, options, out, outputs);
    return pipeline;
  }

  public static void main(String[] args) {
    System.exit(SPEC.main(args));
  }
}
