package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import dev.sluice.kit.Database;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline;
import dev.sluice.testing.PipelineScenario;
import dev.sluice.testing.Postgres;
import dev.sluice.testing.ResultMirrors;
import dev.sluice.testing.StoredTables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, item 1 for the other catalogued pipelines: with {@code --jdbcUrl}, every table of
 * pipelines/NAME/schema.sql holds what the topics it mirrors hold (per key, the newest pane, or the
 * last record of a thing that never changes), and a second run of the same input on the other
 * runner (a replayed batch, as after a failure) leaves every row as it was.
 */
class CatalogueDatabaseTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {"--runner=FlinkRunner", "--streaming=true", "--parallelism=2"};

  static final IotConfig FLEET =
      new IotConfig(
          11,
          4,
          2,
          Instant.parse("2026-01-05T00:00:00Z"),
          Duration.ofHours(12),
          Duration.ofSeconds(60),
          3,
          null);

  static Postgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iot-telemetry", "clickstream", "payments-risk", "router", "merge"})
  void eachTableHoldsWhatItsTopicsHoldAndAReplayChangesNothing(String name) throws Exception {
    boolean iot = name.equals(IotTelemetryPipeline.NAME);
    List<String> flags = new ArrayList<>(List.of(postgres.flags()));
    // Savepoints restore by step name: Beam's numbered repeats of a name are refused here.
    flags.add("--stableUniqueNames=ERROR");
    if (iot) {
      flags.add("--metrics=temperature,humidity,battery");
    }
    PipelineScenario<SluiceOptions> s =
        new PipelineScenario<>(cast(Pipelines.get(name)), dir, flags.toArray(String[]::new));
    List<String> tables = ResultMirrors.resetTables(postgres, name, s.options());
    if (iot) {
      // A fleet with planted anomalies, so the alerts table (JSON evidence) has rows too.
      IotGenerator fleet = new IotGenerator(FLEET);
      s.produce(fleet, fleet.expectedRecords());
    } else {
      s.produceWorkload(11);
    }
    RunSummary run = s.runBounded(DIRECT);
    assertTrue(run.succeeded(), run.format());
    assertTrue(run.counter(Database.ROWS_UPSERTED) > 0, run.format());

    List<Map<List<Object>, List<Object>>> before = new ArrayList<>();
    for (var e : ResultMirrors.compare(postgres, name, s.options(), Set.of()).entrySet()) {
      var rows = e.getValue().get(1);
      assertEquals(e.getValue().get(0), rows, e.getKey() + " differs from its topics");
      System.err.printf("%s: %s has %d rows, equal to its topics%n", name, e.getKey(), rows.size());
      before.add(rows);
    }
    assertTrue(before.stream().noneMatch(Map::isEmpty), name + ": a table has no rows");

    // The same input again, on Flink, into the same tables: nothing may change.
    assertTrue(s.runBounded(FLINK).succeeded());
    for (int i = 0; i < tables.size(); i++) {
      assertEquals(before.get(i), StoredTables.rows(postgres, tables.get(i)), tables.get(i));
    }
  }

  @SuppressWarnings("unchecked")
  private static dev.sluice.kit.PipelineSpec<SluiceOptions> cast(dev.sluice.kit.PipelineSpec<?> s) {
    return (dev.sluice.kit.PipelineSpec<SluiceOptions>) s;
  }
}
