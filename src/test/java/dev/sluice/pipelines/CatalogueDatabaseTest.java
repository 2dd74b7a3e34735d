package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.clickstream.ClickstreamPipeline;
import dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline;
import dev.sluice.pipelines.merge.MergePipeline;
import dev.sluice.pipelines.paymentsrisk.PaymentsRiskPipeline;
import dev.sluice.pipelines.router.RouterPipeline;
import dev.sluice.testing.PipelineScenario;
import dev.sluice.testing.Postgres;
import dev.sluice.testing.StoredTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, item 1 for the other catalogued pipelines: with {@code --jdbcUrl}, every table of
 * pipelines/NAME/schema.sql holds what the topics it mirrors hold (per key, the newest pane, or the
 * one record of a thing that never changes), and a second run of the same input on the other runner
 * (a replayed batch, as after a failure) leaves every row as it was.
 */
class CatalogueDatabaseTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {"--runner=FlinkRunner", "--streaming=true", "--parallelism=2"};

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

  /** A table and the topics whose records it mirrors, as the test expects them. */
  record Mirror(ResultTable table, List<String> topics) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iot-telemetry", "clickstream", "payments-risk", "router", "merge"})
  void eachTableHoldsWhatItsTopicsHoldAndAReplayChangesNothing(String name) throws Exception {
    PipelineScenario<SluiceOptions> s =
        new PipelineScenario<>(cast(Pipelines.get(name)), dir, postgres.flags());
    List<Mirror> mirrors = MIRRORS.get(name).apply(s.options());
    dev.sluice.jdbc.JdbcTarget.of(postgres.url(), postgres.credentialsFile())
        .apply(dev.sluice.kit.PipelineResources.text(name + "/schema.sql"));
    StoredTables.clear(
        postgres, mirrors.stream().map(m -> m.table().name()).distinct().toArray(String[]::new));
    s.produceWorkload(11);
    RunSummary run = s.runBounded(DIRECT);
    assertTrue(run.succeeded(), run.format());
    assertTrue(run.counter(Database.ROWS_UPSERTED) > 0, run.format());

    List<String> tables = mirrors.stream().map(m -> m.table().name()).distinct().toList();
    List<Map<List<Object>, List<Object>>> before = new ArrayList<>();
    for (String table : tables) {
      Map<List<Object>, List<Object>> expected = new HashMap<>();
      for (Mirror m : mirrors) {
        if (m.table().name().equals(table)) {
          expected.putAll(StoredTables.expected(postgres, s.bootstrap(), m.table(), m.topics()));
        }
      }
      Map<List<Object>, List<Object>> rows = StoredTables.rows(postgres, table);
      assertEquals(expected, rows, table + " differs from its topics");
      System.err.printf("%s: %s has %d rows, equal to its topics%n", name, table, rows.size());
      before.add(rows);
    }
    assertTrue(
        before.stream().filter(r -> !r.isEmpty()).count() >= Math.min(2, tables.size()),
        name + ": too few tables have rows");

    // The same input again, on Flink, into the same tables: nothing may change.
    assertTrue(s.runBounded(FLINK).succeeded());
    for (int i = 0; i < tables.size(); i++) {
      assertEquals(before.get(i), StoredTables.rows(postgres, tables.get(i)), tables.get(i));
    }
  }

  static final Map<String, Function<SluiceOptions, List<Mirror>>> MIRRORS =
      Map.of(
          "iot-telemetry",
          o -> {
            var iot = o.as(IotTelemetryPipeline.Options.class);
            return List.of(
                new Mirror(
                    ResultTable.of("iot_device_stats", "readings", "pane").where("stats", "device"),
                    List.of(iot.getStatsTopic())),
                new Mirror(
                    ResultTable.of("iot_site_stats", "readings", "pane").where("stats", "site"),
                    List.of(iot.getStatsTopic())),
                new Mirror(ResultTable.of("iot_alerts"), List.of(iot.getAlertsTopic())),
                new Mirror(ResultTable.of("iot_scores"), List.of(iot.getScoresTopic())));
          },
          "clickstream",
          o -> {
            var c = o.as(ClickstreamPipeline.Options.class);
            return List.of(
                new Mirror(
                    ResultTable.of("clickstream_sessions", "events", "pane"),
                    List.of(c.getSessionsTopic())),
                new Mirror(ResultTable.of("clickstream_funnels"), List.of(c.getFunnelsTopic())),
                new Mirror(
                    ResultTable.of("clickstream_funnel_stats", "funnels", "pane"),
                    List.of(c.getFunnelStatsTopic())),
                new Mirror(
                    ResultTable.of("clickstream_profiles", "as_of"),
                    List.of(c.getProfilesTopic())));
          },
          "payments-risk",
          o -> {
            var p = o.as(PaymentsRiskPipeline.Options.class);
            return List.of(
                new Mirror(
                    ResultTable.of("payments_decisions"),
                    List.of(p.getApproveTopic(), p.getReviewTopic(), p.getBlockTopic())),
                new Mirror(
                    ResultTable.of("payments_tier_totals", "payments", "pane")
                        .where("stats", "tier"),
                    List.of(p.getTotalsTopic())),
                new Mirror(
                    ResultTable.of("payments_merchant_totals", "payments", "pane")
                        .where("stats", "merchant"),
                    List.of(p.getTotalsTopic())));
          },
          "router",
          o -> {
            var r = o.as(RouterPipeline.Options.class);
            EventParser parser = Ingest.parser(r);
            return RouterPipeline.routeTopics(r).stream()
                .map(
                    t ->
                        new Mirror(
                            ResultTable.events("router_events", parser, Map.of("topic", t)),
                            List.of(t)))
                .toList();
          },
          "merge",
          o -> {
            var m = o.as(MergePipeline.Options.class);
            return List.of(
                new Mirror(
                    ResultTable.events("merge_events", Ingest.parser(m), Map.of()),
                    List.of(m.getOutputTopic())));
          });

  @SuppressWarnings("unchecked")
  private static dev.sluice.kit.PipelineSpec<SluiceOptions> cast(dev.sluice.kit.PipelineSpec<?> s) {
    return (dev.sluice.kit.PipelineSpec<SluiceOptions>) s;
  }
}
