package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class PerKeyWindowsDirectTest extends PerKeyWindowsTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
