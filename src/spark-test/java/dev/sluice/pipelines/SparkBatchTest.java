package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.PipelineScenario;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalogue on Beam's Spark runner (local[2], batch) and a real broker: what it can run ends
 * with every record accounted for and a clean audit (recomputed from the input topic, as on Direct
 * and Flink); what it cannot run is refused at launch in one line.
 */
class SparkBatchTest {

  private static final String[] SPARK = {"--runner=SparkRunner", "--sparkMaster=local[2]"};

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"windowed-aggregate", "router", "iot-telemetry"})
  void aBoundedRunOnSparkAccountsForEveryRecordAndItsAuditIsClean(String name) {
    new PipelineScenario<>(Pipelines.get(name), dir).assertBoundedRunIsClean(SPARK);
  }

  /**
   * Their steps release events in event-time order from a timer holding the watermark back; on
   * Spark, clickstream and merge fail mid-job with output timestamps before the timer's, so every
   * pipeline with such a step is refused (payments-risk too: the same step, other data).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"clickstream", "merge", "payments-risk"})
  void pipelinesThatReleaseEventsFromAHeldTimerAreRefusedAtLaunch(String name) {
    PipelineScenario<?> scenario = new PipelineScenario<>(Pipelines.get(name), dir);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> scenario.runBounded(SPARK));
    String line = refused.getMessage();
    assertTrue(line.startsWith(name + " cannot run on the SparkRunner: its step "), line);
    assertTrue(line.contains("does not honour a timer's output timestamp"), line);
    assertTrue(line.endsWith("use --runner=DirectRunner or --runner=FlinkRunner"), line);
    assertEquals(1, line.lines().count());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void streamingOnSparkIsRefusedAtLaunchNamingTheWayOut() {
    PipelineScenario<?> scenario = new PipelineScenario<>(Pipelines.get("windowed-aggregate"), dir);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> scenario.run(SPARK));
    assertEquals(
        "windowed-aggregate cannot stream on the SparkRunner: event-time timers (windows firing,"
            + " state cleanup) do not fire in its streaming mode; run it in batch with"
            + " --bounded=true, or stream with --runner=FlinkRunner",
        refused.getMessage());
  }
}
