package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.testing.Runners.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kit.Database;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.Postgres;
import dev.sluice.testing.WindowedAggregateTable;
import dev.sluice.transforms.SluiceMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 1 for windowed-aggregate: results upserted into a real PostgreSQL (started by
 * scripts/postgres) hold each window's latest pane, the same as the results topic, and a replay of
 * the same input changes nothing.
 */
class DatabaseSinkTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {"--runner=FlinkRunner", "--streaming=true", "--parallelism=2"};

  static Postgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void eachWindowsRowIsItsLatestPaneAndAReplayChangesNothing() throws Exception {
    KafkaScenario s =
        new KafkaScenario("db-direct", 3, WindowedAggregateKafkaTest.events().count(3000).build());
    s.produceByKey();
    WindowedAggregateTable.clear(postgres);
    RunSummary first = s.runBounded(with(DIRECT, postgres.flags()));
    assertEquals(
        first.counter(SluiceMetrics.PANES_OUT),
        first.counter(Database.ROWS_UPSERTED),
        "every pane is upserted once");
    Map<String, String> rows = WindowedAggregateTable.rows(postgres);
    Map<String, String> expected = WindowedAggregateTable.expected(s.resultValues());
    assertTrue(expected.size() > 100, "windows: " + expected.size());
    assertEquals(expected, rows, "the table differs from the results topic's latest panes");

    // The same replay again (a batch written twice after a failure): no row changes.
    s.sameInput("db-direct-again").runBounded(with(DIRECT, postgres.flags()));
    assertEquals(rows, WindowedAggregateTable.rows(postgres), "a replay changed the table");
  }

  /** The same input through embedded Flink gives the same table (cleared first). */
  @Test
  void flinkWritesTheSameTable() throws Exception {
    KafkaScenario s =
        new KafkaScenario("db-flink", 3, WindowedAggregateKafkaTest.events().count(2000).build());
    s.produceByKey();
    WindowedAggregateTable.clear(postgres);
    s.runBounded(with(DIRECT, postgres.flags()));
    Map<String, String> direct = WindowedAggregateTable.rows(postgres);
    WindowedAggregateTable.clear(postgres);
    s.sameInput("db-flink-2").runBounded(with(FLINK, postgres.flags()));
    assertEquals(direct, WindowedAggregateTable.rows(postgres));
  }

  @Test
  void aDatabaseThatDoesNotAnswerFailsTheLaunchInOneLine() {
    KafkaScenario s =
        new KafkaScenario("db-down", 1, WindowedAggregateKafkaTest.events().count(10).build());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                s.runBounded(
                    with(
                        DIRECT,
                        "--jdbcUrl=jdbc:postgresql://127.0.0.1:1/sluice",
                        "--jdbcCredentialsFile=" + postgres.credentialsFile())));
    assertTrue(
        e.getMessage().startsWith("no PostgreSQL answers at jdbc:postgresql://127.0.0.1:1/"));
    assertTrue(e.getMessage().contains("scripts/postgres start"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  /**
   * The guard alone: a pane with fewer events or, at the same count, a lower index never replaces
   * the stored one; a fuller or later one does; the same pane again changes nothing.
   */
  @Test
  void aRowIsReplacedOnlyByAPaneAtLeastAsRecent() throws Exception {
    dev.sluice.jdbc.JdbcTarget target =
        dev.sluice.jdbc.JdbcTarget.of(postgres.url(), postgres.credentialsFile());
    target.apply(dev.sluice.kit.PipelineResources.text("windowed-aggregate/schema.sql"));
    java.time.Instant start = java.time.Instant.parse("2020-01-01T00:00:00Z");
    try (Connection c = postgres.connect()) {
      // {pane index, count}; the last two: a restored job's fuller pane 3 after the dead attempt's
      // pane 4 with fewer events.
      for (long[] pane : new long[][] {{1, 5}, {0, 3}, {2, 7}, {2, 7}, {1, 6}, {4, 8}, {3, 9}}) {
        WindowResult r =
            new WindowResult(
                "guard",
                start,
                start.plusSeconds(10),
                pane[1],
                pane[1],
                1,
                1,
                1,
                "LATE",
                pane[0],
                false);
        try (java.sql.PreparedStatement ps = c.prepareStatement(ResultsTable.UPSERT.sql())) {
          ResultsTable.UPSERT.bind(r, ps);
          ps.executeUpdate();
        }
      }
      try (Statement st = c.createStatement();
          ResultSet r =
              st.executeQuery(
                  "SELECT pane_index, count FROM windowed_aggregate_results WHERE event_key ="
                      + " 'guard'")) {
        assertTrue(r.next());
        assertEquals(3, r.getLong(1));
        assertEquals(9, r.getLong(2));
        assertTrue(!r.next());
      }
    }
  }
}
