package dev.sluice.pipelines.clickstream;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The same on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class ClickstreamFlinkTest extends ClickstreamTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }

  @Override
  String timingOfSessionBornLate() {
    return "ON_TIME";
  }
}
