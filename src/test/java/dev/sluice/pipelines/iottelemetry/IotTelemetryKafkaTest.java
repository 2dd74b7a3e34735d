package dev.sluice.pipelines.iottelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import dev.sluice.generator.TruthWriter;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.RunSummary;
import dev.sluice.quality.Alert;
import dev.sluice.quality.EvaluationResult;
import dev.sluice.quality.IotEvaluation;
import dev.sluice.quality.TruthWindow;
import dev.sluice.testing.PipelineScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet with known anomalies through a real broker, on Direct and on embedded Flink (two slots):
 * both account for every record, pass their audit, raise the same alerts, and find the anomalies
 * the generator planted.
 */
class IotTelemetryKafkaTest {

  @TempDir Path dir;

  private static final IotConfig FLEET =
      new IotConfig(
          11,
          4,
          2,
          Instant.parse("2026-01-05T00:00:00Z"),
          Duration.ofHours(20),
          Duration.ofSeconds(60),
          3,
          null);

  @Test
  void aFleetIsAlertedTheSameOnDirectAndFlinkAndItsAnomaliesAreFound() throws Exception {
    Set<String> direct = run("--runner=DirectRunner");
    Set<String> flink = run("--runner=FlinkRunner", "--streaming=true", "--parallelism=2");
    assertEquals(direct, flink, "the same alerts on both runners");

    IotGenerator generator = new IotGenerator(FLEET);
    Path truth = dir.resolve("truth.jsonl");
    TruthWriter.write(generator.truth(), truth);
    List<Alert> alerts = direct.stream().map(IotTelemetryKafkaTest::toAlert).toList();
    EvaluationResult result =
        IotEvaluation.evaluate(TruthWindow.read(truth), alerts, Duration.ofMinutes(10));
    System.err.println(result.toTable());
    assertTrue(result.precision() >= 0.9, result.toTable());
    for (String kind : List.of("spike", "level-shift", "stuck", "silence")) {
      assertTrue(result.row(kind).recall() >= 0.9, kind + "\n" + result.toTable());
    }
  }

  /** A bounded run of the fleet; the alerts it wrote as JSON. */
  private Set<String> run(String... runner) {
    PipelineScenario<IotTelemetryPipeline.Options> scenario =
        new PipelineScenario<>(
            IotTelemetryPipeline.SPEC, dir, "--metrics=temperature,humidity,battery");
    IotGenerator generator = new IotGenerator(FLEET);
    scenario.produce(generator, generator.expectedRecords());
    RunSummary summary = scenario.runBounded(runner);
    assertTrue(summary.succeeded(), summary.format());
    assertTrue(
        scenario.spec().accounting().balanced(summary), scenario.spec().accounting().line(summary));
    assertTrue(summary.counter("events_invalid") > 0, "the fleet sends malformed readings");
    AuditReport audit = scenario.audit();
    assertTrue(audit.clean(), audit.format());
    assertTrue(audit.checked() > 0, audit.format());
    return new TreeSet<>(
        TopicSnapshot.values(scenario.bootstrap(), scenario.options().getAlertsTopic()));
  }

  private static Alert toAlert(String json) {
    return Alert.parse(json);
  }
}
