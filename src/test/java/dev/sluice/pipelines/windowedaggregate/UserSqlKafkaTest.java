package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kit.AuditReport;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --sql} end to end on a real broker: the same generated input (late, repeated, malformed
 * events) through the default aggregation and through {@code examples/reading-stats.sql}; every
 * final window's readings, mean and peak equal the default's count, avg and max, and the audit of
 * the --sql run is clean.
 */
class UserSqlKafkaTest {

  static final String SQL = "--sql=" + UserSqlTestStreamBase.EXAMPLES + "reading-stats.sql";

  @Test
  void aUserQueryOnDirectAgreesWithTheFixedAggregatesAndItsAuditIsClean() {
    KafkaScenario fixed =
        new KafkaScenario("sql-fixed", 3, WindowedAggregateKafkaTest.events().count(1500).build());
    fixed.produceByKey();
    KafkaScenario query = fixed.sameInput("sql-query");
    RunSummary byDefault = fixed.runBounded("--runner=DirectRunner");
    RunSummary bySql = query.runBounded("--runner=DirectRunner", SQL);

    for (String counter :
        List.of(
            SluiceMetrics.READ,
            SluiceMetrics.INVALID,
            SluiceMetrics.DUPLICATES,
            SluiceMetrics.LATE,
            SluiceMetrics.AGGREGATED,
            SluiceMetrics.PANES_OUT)) {
      assertEquals(byDefault.counter(counter), bySql.counter(counter), counter);
    }
    assertEquals(0, bySql.counter(RunSummary.DROPPED_DUE_TO_LATENESS), bySql.format());

    Map<String, WindowResult> expected = WindowResult.finalPanes(fixed.resultJson());
    List<QueryResult> panes = new ArrayList<>();
    query.resultJson().forEach(json -> panes.add(QueryResult.fromJson(json)));
    Map<String, QueryResult> got = WindowPane.finalPanes(panes);
    assertEquals(expected.keySet(), got.keySet());
    assertTrue(expected.size() > 100, "windows: " + expected.size());
    expected.forEach(
        (window, r) -> {
          Map<String, Object> f = got.get(window).fields();
          assertEquals(r.count(), f.get("readings"), window);
          assertEquals(r.max(), (Double) f.get("peak"), 0.0, window);
          assertEquals(r.avg(), (Double) f.get("mean"), 1e-6, window);
        });

    AuditReport audit =
        WindowedAggregatePipeline.audit(query.optionsWith("--runner=DirectRunner", SQL));
    assertTrue(audit.clean(), audit.format());
    assertTrue(audit.checked() > 100, audit.format());
    assertTrue(audit.format().contains("by presence only"), audit.format());
  }
}
