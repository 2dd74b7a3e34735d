package dev.sluice.pipelines.iottelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.TopicSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The demo's screen for iot-telemetry: statistics written, then alerts by reason, a few shown. */
final class IotTelemetryView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IotTelemetryView() {}

  static void show(
      IotTelemetryPipeline.Options options, String servers, PrintStream out, int rows) {
    List<String> stats = TopicSnapshot.values(servers, options.getStatsTopic());
    Map<String, Integer> byKind = new TreeMap<>();
    stats.forEach(s -> byKind.merge(field(s, "stats"), 1, Integer::sum));
    out.printf("%nstatistics: %d panes %s%n", stats.size(), byKind);
    stats.stream()
        .filter(s -> field(s, "stats").equals("device"))
        .limit(Math.min(rows, 2))
        .forEach(s -> out.printf("  e.g. %s%n", s));
    stats.stream()
        .filter(s -> field(s, "stats").equals("site"))
        .limit(1)
        .forEach(s -> out.printf("  e.g. %s%n", s));
    List<String> alerts = TopicSnapshot.values(servers, options.getAlertsTopic());
    Map<String, Integer> byReason = new TreeMap<>();
    alerts.forEach(a -> byReason.merge(field(a, "reason"), 1, Integer::sum));
    out.printf("%nalerts: %d %s%n", alerts.size(), byReason);
    alerts.stream().limit(rows).forEach(a -> out.printf("  %s%n", a));
  }

  private static String field(String json, String name) {
    try {
      JsonNode n = JSON.readTree(json);
      return n.path(name).asText("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
