package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** Count windows on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class CountWindowedAggregateFlinkTest extends CountWindowedAggregateTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
