package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The same on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class PaymentsRiskFlinkTest extends PaymentsRiskTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
