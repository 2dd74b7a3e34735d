package dev.sluice.runner;

import java.io.Serializable;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What the chosen runner needs from Sluice's steps, decided once when a pipeline is built; the
 * steps take these facts as settings and never look at the runner themselves.
 *
 * @param runner the runner's simple class name, for messages
 * @param watermarkPerInstance each parallel instance of a step has its own input watermark (Flink),
 *     so what a step learns about it must stay with the instance; otherwise (Direct) one watermark
 *     per step, and a step's keys run in many DoFn copies that may share what they learn
 * @param replaysInBatchMode a bounded replay of Kafka reads through a bounded source, so the job
 *     runs in batch mode: Direct reads an unbounded source a few records per bundle and crawls
 * @param commitsOnCheckpoints exactly-once output is committed when a checkpoint completes (Flink),
 *     so it needs checkpointing and cannot end a bounded job cleanly
 */
public record RunnerTraits(
    String runner,
    boolean watermarkPerInstance,
    boolean replaysInBatchMode,
    boolean commitsOnCheckpoints)
    implements Serializable {

  /**
   * A source's own Beam metrics reach the job's metric results. Flink's source wrapper reports them
   * to Flink's metric system (REST, web UI) only; a step after the source has to repeat them.
   */
  public boolean sourceMetricsInResults() {
    return !runner.contains("Flink");
  }

  public static RunnerTraits of(PipelineOptions options) {
    return named(options.getRunner().getSimpleName());
  }

  public static RunnerTraits named(String runner) {
    boolean flink = runner.contains("Flink");
    return new RunnerTraits(runner, flink, runner.equals("DirectRunner"), flink);
  }
}
