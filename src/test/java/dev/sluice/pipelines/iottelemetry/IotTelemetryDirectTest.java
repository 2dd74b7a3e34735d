package dev.sluice.pipelines.iottelemetry;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class IotTelemetryDirectTest extends IotTelemetryTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
