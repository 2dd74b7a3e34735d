package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** On the Direct runner. */
class KeyedGateDirectTest extends KeyedGateTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
