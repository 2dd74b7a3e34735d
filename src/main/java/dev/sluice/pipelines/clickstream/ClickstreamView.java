package dev.sluice.pipelines.clickstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.TopicSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's screen for clickstream: sessions by pane timing, funnels by outcome, a few of each.
 */
final class ClickstreamView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClickstreamView() {}

  static void show(ClickstreamPipeline.Options options, String servers, PrintStream out, int rows) {
    List<String> sessions = TopicSnapshot.values(servers, options.getSessionsTopic());
    out.printf("%nsessions: %d panes %s%n", sessions.size(), tally(sessions, "timing"));
    sessions.stream().limit(Math.min(rows, 3)).forEach(s -> out.printf("  e.g. %s%n", s));
    List<String> funnels = TopicSnapshot.values(servers, options.getFunnelsTopic());
    out.printf(
        "%nfunnels: %d %s, reached %s%n",
        funnels.size(), tally(funnels, "outcome"), tally(funnels, "stepReached"));
    funnels.stream()
        .filter(f -> field(f, "outcome").equals("completed"))
        .limit(Math.min(rows, 2))
        .forEach(f -> out.printf("  e.g. %s%n", f));
    List<String> stats = TopicSnapshot.values(servers, options.getFunnelStatsTopic());
    out.printf("%nhourly funnel statistics: %d windows%n", stats.size());
    stats.stream().limit(Math.min(rows, 2)).forEach(s -> out.printf("  e.g. %s%n", s));
    List<String> profiles = TopicSnapshot.values(servers, options.getProfilesTopic());
    out.printf("%nprofiles: %d emitted%n", profiles.size());
    profiles.stream().skip(profiles.size() / 2).limit(1).forEach(p -> out.printf("  e.g. %s%n", p));
  }

  private static Map<String, Integer> tally(List<String> records, String name) {
    Map<String, Integer> by = new TreeMap<>();
    records.forEach(r -> by.merge(field(r, name), 1, Integer::sum));
    return by;
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
