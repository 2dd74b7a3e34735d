package dev.sluice.testing;

import dev.sluice.event.EventParser;
import dev.sluice.jdbc.JdbcTarget;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.clickstream.ClickstreamPipeline;
import dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline;
import dev.sluice.pipelines.merge.MergePipeline;
import dev.sluice.pipelines.paymentsrisk.PaymentsRiskPipeline;
import dev.sluice.pipelines.router.RouterPipeline;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which topics each database table of a pipeline mirrors (as the tests expect it, declared apart
 * from the pipelines' own code), and the comparison of the tables with those topics.
 * windowed-aggregate's typed table has its own {@link WindowedAggregateTable}.
 */
public final class ResultMirrors {

  /** A table and the topics whose records it holds. */
  public record Mirror(ResultTable table, List<String> topics) {}

  private ResultMirrors() {}

  public static List<Mirror> of(String pipeline, SluiceOptions options) {
    return MIRRORS.get(pipeline).apply(options);
  }

  /** The tables of {@code pipeline}, created if missing and emptied. */
  public static List<String> resetTables(Postgres db, String pipeline, SluiceOptions options)
      throws Exception {
    JdbcTarget.of(db.url(), db.credentialsFile())
        .apply(PipelineResources.text(pipeline + "/schema.sql"));
    List<String> tables = tables(of(pipeline, options));
    StoredTables.clear(db, tables.toArray(String[]::new));
    return tables;
  }

  public static List<String> tables(List<Mirror> mirrors) {
    return mirrors.stream().map(m -> m.table().name()).distinct().toList();
  }

  /**
   * Per table, what its topics say it must hold and what it holds, both without {@code ignored}
   * columns; in table order.
   */
  public static Map<String, List<Map<List<Object>, List<Object>>>> compare(
      Postgres db, String pipeline, SluiceOptions options, Set<String> ignored) throws Exception {
    List<Mirror> mirrors = of(pipeline, options);
    Map<String, List<Map<List<Object>, List<Object>>>> out = new LinkedHashMap<>();
    for (String table : tables(mirrors)) {
      Map<List<Object>, List<Object>> expected = new HashMap<>();
      for (Mirror m : mirrors) {
        if (m.table().name().equals(table)) {
          expected.putAll(
              StoredTables.expected(db, options.getBootstrapServers(), m.table(), m.topics()));
        }
      }
      Map<List<Object>, List<Object>> rows = StoredTables.rows(db, table);
      out.put(
          table,
          List.of(
              StoredTables.without(db, table, expected, ignored),
              StoredTables.without(db, table, rows, ignored)));
    }
    return out;
  }

  /**
   * What differs between the tables and their topics (null when nothing does), ignoring a pane's
   * index and timing; prints each table's row count.
   */
  public static String mismatch(
      Postgres db, String pipeline, SluiceOptions options, PrintStream log) throws Exception {
    StringBuilder differs = new StringBuilder();
    for (var e : compare(db, pipeline, options, Set.of("pane", "timing")).entrySet()) {
      var expected = e.getValue().get(0);
      var rows = e.getValue().get(1);
      log.printf(
          "chaos: %s: %s holds %d rows, the committed topics %d%n",
          pipeline, e.getKey(), rows.size(), expected.size());
      if (!expected.equals(rows)) {
        long wrong =
            expected.entrySet().stream()
                .filter(x -> !x.getValue().equals(rows.get(x.getKey())))
                .count();
        differs.append(
            String.format(
                "%s: %d of %d rows differ from the committed topics (%d extra); ",
                e.getKey(),
                wrong,
                expected.size(),
                rows.keySet().stream().filter(k -> !expected.containsKey(k)).count()));
      }
    }
    return differs.length() == 0 ? null : differs.toString().strip();
  }

  private static final Map<String, Function<SluiceOptions, List<Mirror>>> MIRRORS =
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
}
