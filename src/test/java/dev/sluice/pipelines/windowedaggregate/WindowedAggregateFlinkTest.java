package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;

/** The lateness classes on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class WindowedAggregateFlinkTest extends WindowedAggregateTestStreamBase {

  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }

  /**
   * Flink's TestStream cannot move processing time, so early panes cannot be driven here; the
   * runner must say so instead of silently producing something else. Early panes are covered on the
   * DirectRunner by the base test.
   */
  @Override
  @Test
  void earlyPanesFireBeforeTheWatermarkAndAccumulate(TestPipeline pipeline) {
    buildEarlyPanes(pipeline);
    Throwable failure =
        assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(
        root instanceof UnsupportedOperationException
            && root.getMessage()
                .contains("Advancing Processing time is not supported by the Flink Runner"),
        "unexpected failure: " + failure);
  }
}
