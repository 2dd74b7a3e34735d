package dev.sluice.pipelines.router;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The same routing on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class RouterFlinkTest extends RouterTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
