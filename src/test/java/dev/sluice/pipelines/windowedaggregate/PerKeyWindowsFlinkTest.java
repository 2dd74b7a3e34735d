package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The lateness classes on an embedded Flink cluster, where the per-key aggregation is for. */
class PerKeyWindowsFlinkTest extends PerKeyWindowsTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
