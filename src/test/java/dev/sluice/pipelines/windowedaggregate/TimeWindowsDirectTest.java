package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class TimeWindowsDirectTest extends TimeWindowsTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
