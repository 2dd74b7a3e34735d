package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The FlinkRunner's checkpoint interval, declared again so it can be read where the Flink runner is
 * not on the classpath (Direct and Dataflow builds). Same name, type and default as Flink's.
 */
public interface CheckpointingOptions extends PipelineOptions {

  @Description(
      "The interval in milliseconds at which to trigger checkpoints of the running pipeline. Default: No checkpointing.")
  @Default.Long(-1L)
  Long getCheckpointingInterval();

  void setCheckpointingInterval(Long interval);
}
