package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class CountWindowedAggregateDirectTest extends CountWindowedAggregateTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
