package dev.sluice.pipelines.iottelemetry;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The same on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class IotTelemetryFlinkTest extends IotTelemetryTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
