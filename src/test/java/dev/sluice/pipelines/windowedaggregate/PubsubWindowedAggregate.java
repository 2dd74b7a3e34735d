package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Windowed-aggregate's graph (fixed aggregates) with {@code Ingest.readPubsub} in place of the
 * Kafka read, as {@code --source=pubsub} will build it once the source dispatch lands in the
 * pipelines; until then the tests compose it here rather than edit the pipeline.
 */
public final class PubsubWindowedAggregate {

  private PubsubWindowedAggregate() {}

  public static Pipeline build(WindowedAggregatePipeline.Options options) {
    ReadingExtractor reading = new ReadingExtractor(options.getValueField());
    EventParser parser = Ingest.parser(options).requiring(reading);
    EventWindows windows = TimeWindowing.of(options);
    WindowedAggregate.Aggregation aggregation =
        new WindowedAggregate.Aggregation(
            options.getEarlyFiring().isBlank()
                ? null
                : Durations.parseJoda("--earlyFiring", options.getEarlyFiring()),
            null);
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple outputs =
        pipeline
            .apply(
                "ReadEvents", Ingest.readPubsub(options, parser, windows, options.getCaptureLate()))
            .apply(
                "WindowedAggregate",
                new WindowedAggregate(
                    parser,
                    reading,
                    WindowedAggregatePipeline.admission(options, windows),
                    aggregation,
                    RunnerTraits.of(options)));
    outputs.apply(
        "WriteOutputs",
        new WriteOutputs(
            Ingest.sink(options),
            List.of(
                WriteOutputs.Output.text(
                    "results",
                    WindowedAggregate.RESULTS,
                    options.getOutputTopic(),
                    r -> KV.of(r.key(), r.toJson())),
                WriteOutputs.Output.deadLetters(
                    WindowedAggregate.DEAD_LETTERS, options.getDeadLetterTopic()),
                WriteOutputs.Output.late(WindowedAggregate.LATE, options.getLateTopic()))));
    return pipeline;
  }
}
