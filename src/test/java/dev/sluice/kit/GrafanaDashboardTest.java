package dev.sluice.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.time.PartitionProgress;
import dev.sluice.transforms.SluiceMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/sluice-dashboard.json is importable (a Prometheus datasource variable on every
 * panel) and asks only for names a scrape has: what {@link MetricsEndpoint} serves, or the same
 * counters as Flink's Prometheus reporter names them.
 */
class GrafanaDashboardTest {

  private static final Pattern NAME =
      Pattern.compile("\\b(sluice_[a-z_]+|" + "flink_taskmanager_job_task_operator_[A-Za-z_]+)");

  /** Every counter a Sluice pipeline may report, and Beam's late drops. */
  private static final List<String> COUNTERS =
      List.of(
          SluiceMetrics.READ,
          SluiceMetrics.VALID,
          SluiceMetrics.INVALID,
          SluiceMetrics.DUPLICATES,
          SluiceMetrics.LATE,
          SluiceMetrics.AGGREGATED,
          SluiceMetrics.PANES_OUT,
          SluiceMetrics.WRITES_FAILED,
          SluiceMetrics.COUNT_IN,
          SluiceMetrics.COUNT_WINDOWED,
          SluiceMetrics.COUNT_SKIPPED,
          SluiceMetrics.COUNT_INCOMPLETE,
          SluiceMetrics.COUNT_LATE,
          SluiceMetrics.COUNT_PENDING,
          SluiceMetrics.COUNT_WINDOWS_OUT,
          SluiceMetrics.WINDOW_MEMBERSHIPS,
          RunSummary.DROPPED_DUE_TO_LATENESS);

  @Test
  void everyQueryAsksForNamesTheExporterOrFlinksReporterProduces() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(Path.of("docs/grafana/sluice-dashboard.json")));
    Set<String> served = servedNames();
    Set<String> flink = new TreeSet<>();
    for (String c : COUNTERS) {
      if (!c.equals(RunSummary.DROPPED_DUE_TO_LATENESS)) {
        flink.add(PrometheusNames.FLINK_PREFIX + c);
      }
    }
    flink.add(PrometheusNames.FLINK_DROPPED);
    // Partition gauges carry the partition in the name there: queries match them by prefix.
    flink.add(PrometheusNames.FLINK_PREFIX + PartitionProgress.WATERMARK + "_");
    flink.add(PrometheusNames.FLINK_PREFIX + PartitionProgress.LAG + "_");

    JsonNode variables = dashboard.path("templating").path("list");
    assertTrue(
        variables.findValues("type").stream().anyMatch(t -> t.asText().equals("datasource")),
        "a datasource variable");
    List<String> exprs = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertEquals(
          "${datasource}", panel.path("datasource").path("uid").asText(), panel.toString());
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        exprs.add(expr);
        Matcher m = NAME.matcher(expr);
        boolean sluice = false;
        boolean onFlink = false;
        while (m.find()) {
          String name = m.group(1);
          used.add(name);
          if (name.startsWith(PrometheusNames.PREFIX)) {
            sluice = true;
            assertTrue(served.contains(name), name + " is not served; served: " + served);
          } else {
            onFlink = true;
            assertTrue(flink.contains(name), name + " is not a Flink reporter name: " + flink);
          }
        }
        assertTrue(sluice && onFlink && expr.contains(" or "), "both name families: " + expr);
      }
    }
    assertTrue(exprs.size() >= 8, exprs.toString());
    for (String needed :
        List.of(
            PrometheusNames.sample(SluiceMetrics.READ),
            PrometheusNames.sample(SluiceMetrics.VALID),
            PrometheusNames.sample(SluiceMetrics.INVALID),
            PrometheusNames.sample(SluiceMetrics.LATE),
            PrometheusNames.sample(SluiceMetrics.DUPLICATES),
            PrometheusNames.sample(SluiceMetrics.PANES_OUT),
            PrometheusNames.WATERMARK,
            PrometheusNames.LAG)) {
      assertTrue(used.contains(needed), "no panel shows " + needed);
    }
    assertFalse(exprs.stream().anyMatch(e -> e.contains("$__")), "no Grafana-only macros");
  }

  /** The sample names an endpoint serves for a run that reported every counter. */
  private static Set<String> servedNames() throws Exception {
    Map<String, Long> counters = new LinkedHashMap<>();
    COUNTERS.forEach(c -> counters.put(c, 1L));
    List<PartitionProgress> partitions =
        List.of(new PartitionProgress("events-0", 1_764_689_500_000L, 0L, 3L));
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.serve(
            "127.0.0.1", 0, () -> MetricsEndpoint.snapshots("p", counters, partitions))) {
      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Set<String> names = new TreeSet<>();
      text.lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(l -> names.add(l.substring(0, l.indexOf('{'))));
      assertTrue(names.contains("sluice_records_read_total"), text);
      assertTrue(
          text.contains(
              "sluice_watermark_millis{partition=\"0\",pipeline=\"p\",topic=\"events\"} "),
          text);
      return names;
    }
  }
}
