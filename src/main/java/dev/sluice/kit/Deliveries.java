package dev.sluice.kit;

import dev.sluice.kafka.KafkaDelivery;
import dev.sluice.runner.RunnerTraits;

/** Chooses how a pipeline delivers to Kafka, refusing settings that could not keep the promise. */
public final class Deliveries {

  private Deliveries() {}

  public static KafkaDelivery of(SluiceOptions options) {
    if (!options.getExactlyOnce()) {
      return KafkaDelivery.atLeastOnce();
    }
    // On Flink, transactions are committed when a checkpoint completes; without checkpoints the
    // sink would hold every result forever (Beam's Flink runner refuses such a pipeline anyway).
    boolean flink = RunnerTraits.of(options).commitsOnCheckpoints();
    if (flink && options.as(CheckpointingOptions.class).getCheckpointingInterval() <= 0) {
      throw new IllegalArgumentException(
          "--exactlyOnce=true on the FlinkRunner needs --checkpointingInterval=MS: results are committed"
              + " when a checkpoint completes (e.g. --checkpointingInterval=10000)");
    }
    // Beam's Flink operators release stable input only for completed checkpoints; when a bounded
    // input ends, records that arrived after the last one are dropped (or, without
    // --enableStableInputDrain, the job fails). A replay is repeatable, so it runs at least once.
    if (flink && options.getBounded()) {
      throw new IllegalArgumentException(
          "--exactlyOnce=true is for streaming jobs on the FlinkRunner: with --bounded, Beam's Flink runner"
              + " drops the records written after the last checkpoint when the input ends; replay at least"
              + " once (--exactlyOnce=false) into fresh topics instead");
    }
    return KafkaDelivery.exactlyOnce(options.getSinkGroupId());
  }
}
