package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** README command 1, smaller: the demo must end with windows, counters and a balanced account. */
class DemoCommandTest {

  /** Runs the demo with stdout captured (and echoed); returns the output of a successful run. */
  private static String demo(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Sluice.execute(args);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertEquals(0, exit, out);
    return out;
  }

  @Test
  void demoRunsEndToEndAndAccountsForEveryEvent() {
    String out = demo("demo", "--events", "3000", "--show", "3");
    assertTrue(out.contains("the 3 busiest windows"), out);
    assertTrue(out.contains("records_read=3000"), out);
    assertTrue(out.contains("-> every event accounted for"), out);
    java.util.regex.Matcher invalid =
        java.util.regex.Pattern.compile("events_invalid=(\\d+)").matcher(out);
    assertTrue(invalid.find(), out);
    assertTrue(
        Long.parseLong(invalid.group(1)) > 0, "the generator makes malformed records: " + out);
    assertTrue(out.contains("dead letters: " + invalid.group(1) + " records"), out);
    // Reasons come from each dead letter's sluice.error.reason header ("?" when one is missing).
    assertTrue(!out.contains("?="), out);
  }

  @Test
  void theRouterDemoRoutesEveryValidEventAndAccountsForIt() {
    String out = demo("demo", "--pipeline", "router", "--events", "2000");
    assertTrue(out.contains("routed by rule set version 1"), out);
    for (String topic : new String[] {"sluice-routed-other", "sluice-routed-gateway-1"}) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(topic + "\\s+(\\d+) records").matcher(out);
      assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, topic + " got nothing: " + out);
    }
    assertTrue(out.contains("records_read=2000"), out);
    assertTrue(out.contains("-> every event accounted for"), out);
  }

  @Test
  void theIotDemoWritesAFleetWithKnownAnomaliesAndScoresTheAlertsAgainstThem() {
    // Two devices over a day: every kind of anomaly the generator plants, judged by its truth.
    String out =
        demo(
            "demo",
            "--pipeline",
            "iot-telemetry",
            "--events",
            "2880",
            "--show",
            "2",
            "--dashboard",
            "--dashboardPort=0",
            "--dashboardFor=1s");
    assertTrue(out.contains("statistics: "), out);
    assertTrue(out.contains("alerts against the generator's truth"), out);
    java.util.regex.Matcher all =
        java.util.regex.Pattern.compile("alerts: (\\d+), true (\\d+), false (\\d+)").matcher(out);
    assertTrue(all.find(), out);
    assertTrue(Long.parseLong(all.group(2)) > 0, "no alert found a known anomaly: " + out);
    assertTrue(out.contains("-> every event accounted for"), out);
    assertTrue(!out.contains("?="), "every dead letter has its reason: " + out);
    // --dashboard: the page's address, and each chart holding results before it is served.
    assertTrue(out.contains("dashboard: http://127.0.0.1:"), out);
    for (String chart : new String[] {"Mean reading per minute", "Alerts by device"}) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(chart + "[^\\n]*?\\s+([\\d,]+)\\n").matcher(out);
      assertTrue(m.find() && !m.group(1).equals("0"), chart + ": " + out);
    }
    assertTrue(out.contains("dashboard stopped after"), out);
  }

  @Test
  void theClickstreamDemoMatchesTheShopsTruth() {
    // Forty shoppers and a bot over a day: sessions and funnels judged against the scripts.
    String out = demo("demo", "--pipeline", "clickstream", "--events", "1040", "--show", "2");
    assertTrue(out.contains("sessions and funnels against the shop's truth"), out);
    assertTrue(out.contains("MATCH: every user's sessions and funnels are as expected"), out);
    assertTrue(out.contains("funnels: "), out);
    assertTrue(out.contains("-> every event accounted for"), out);
  }

  @Test
  void thePaymentsDemoScoresEveryPaymentAndJudgesTheTiersAgainstTheInjectedFraud() {
    String out = demo("demo", "--pipeline", "payments-risk", "--events", "1700", "--show", "1");
    assertTrue(out.contains("decisions against the injected fraud"), out);
    java.util.regex.Matcher all =
        java.util.regex.Pattern.compile("all fraud\\s+(\\d+)\\s+(\\d+)").matcher(out);
    assertTrue(all.find() && Long.parseLong(all.group(2)) > 0, "no fraud flagged: " + out);
    assertTrue(out.contains("-> every event accounted for"), out);
  }
}
