package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.TopicSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The demo's screen for payments-risk: decisions per tier, the rules that fired, a few shown. */
final class PaymentsRiskView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PaymentsRiskView() {}

  static void show(
      PaymentsRiskPipeline.Options options, String servers, PrintStream out, int rows) {
    Map<String, Integer> fired = new TreeMap<>();
    for (String[] tier :
        new String[][] {
          {"approve", options.getApproveTopic()},
          {"review", options.getReviewTopic()},
          {"block", options.getBlockTopic()}
        }) {
      List<String> decisions = TopicSnapshot.values(servers, tier[1]);
      out.printf("%n%s: %d payments%n", tier[0], decisions.size());
      for (String d : decisions) {
        parse(d).path("rules").forEach(r -> fired.merge(r.asText(), 1, Integer::sum));
      }
      int shown = tier[0].equals("approve") ? 1 : Math.min(rows, 2);
      decisions.stream().limit(shown).forEach(d -> out.printf("  e.g. %s%n", d));
    }
    out.printf("%nrules fired: %s%n", fired);
    List<String> totals = TopicSnapshot.values(servers, options.getTotalsTopic());
    out.printf("%nhourly totals per merchant and tier: %d rows%n", totals.size());
    totals.stream().limit(Math.min(rows, 2)).forEach(t -> out.printf("  e.g. %s%n", t));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
