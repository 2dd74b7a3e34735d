package dev.sluice.pipelines.clickstream;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** clickstream's TestStream cases on the DirectRunner. */
class ClickstreamDirectTest extends ClickstreamTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.direct();
  }

  @Override
  String timingOfSessionBornLate() {
    return "LATE";
  }
}
