package dev.sluice.pipelines;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class WindowedAggregateFlinkTest extends WindowedAggregateTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
