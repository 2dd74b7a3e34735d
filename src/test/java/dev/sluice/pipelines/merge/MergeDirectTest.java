package dev.sluice.pipelines.merge;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

class MergeDirectTest extends MergeTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
