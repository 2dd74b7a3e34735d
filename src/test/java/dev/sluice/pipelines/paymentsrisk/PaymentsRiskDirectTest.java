package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** payments-risk's TestStream cases on the DirectRunner. */
class PaymentsRiskDirectTest extends PaymentsRiskTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }
}
