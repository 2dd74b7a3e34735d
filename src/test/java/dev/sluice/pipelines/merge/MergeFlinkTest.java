package dev.sluice.pipelines.merge;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The same merge on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class MergeFlinkTest extends MergeTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
