package dev.sluice.pipelines.router;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class RouterDirectTest extends RouterTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
