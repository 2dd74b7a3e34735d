package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** Sliding windows and sessions on an embedded Flink cluster (streaming, one slot). */
class TimeWindowsFlinkTest extends TimeWindowsTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
