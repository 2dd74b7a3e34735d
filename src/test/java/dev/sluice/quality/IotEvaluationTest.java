package dev.sluice.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IotEvaluationTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration TOLERANCE = Duration.ofMinutes(10);

  private static Instant at(int minutes) {
    return T.plus(Duration.ofMinutes(minutes));
  }

  private static TruthWindow truth(String device, String metric, String kind, int from, int to) {
    return new TruthWindow(device, metric, kind, at(from), at(to));
  }

  private static Alert alert(String device, String metric, int minute, String reason) {
    return new Alert(device, metric, at(minute), 1.0, 0.9, reason);
  }

  @Test
  void matchedAlertsCountForTheirAnomalyExtraOnesAreCounted() {
    List<TruthWindow> truth = List.of(truth("d1", "temperature", "spike", 0, 0));
    List<Alert> alerts =
        List.of(
            alert("d1", "temperature", 1, "anomaly"),
            alert("d1", "temperature", 3, "rate-of-change"),
            alert("d1", "temperature", 7, "anomaly"));
    EvaluationResult r = IotEvaluation.evaluate(truth, alerts, TOLERANCE);
    KindRow spike = r.row("spike");
    assertEquals(1, spike.anomalies());
    assertEquals(1, spike.detected());
    assertEquals(3, spike.trueAlerts());
    assertEquals(2, spike.extraAlerts());
    assertEquals(Duration.ofMinutes(1), spike.meanDelay());
    assertEquals(Duration.ofMinutes(1), spike.maxDelay());
    assertEquals(1.0, spike.precision());
  }

  @Test
  void anAlertMustMatchDeviceMetricAndWindowPlusTolerance() {
    List<TruthWindow> truth = List.of(truth("d1", "humidity", "stuck", 0, 30));
    List<Alert> alerts =
        List.of(
            alert("d1", "humidity", -1, "stuck"), // before the start
            alert("d2", "humidity", 5, "stuck"), // another device
            alert("d1", "battery", 5, "stuck"), // another metric
            alert("d1", "humidity", 41, "stuck"), // after end + tolerance
            alert("d1", "humidity", 40, "stuck")); // the last moment that counts
    EvaluationResult r = IotEvaluation.evaluate(truth, alerts, TOLERANCE);
    KindRow stuck = r.row("stuck");
    assertEquals(1, stuck.detected());
    assertEquals(Duration.ofMinutes(40), stuck.maxDelay());
    assertEquals(1, stuck.trueAlerts());
    assertEquals(4, stuck.falseAlerts());
    assertEquals(0.2, stuck.precision(), 1e-9);
    assertEquals(4, r.falseAlerts().size());
    assertEquals(at(-1), r.falseAlerts().get(0).time(), "false alerts in time order");
  }

  @Test
  void aSilenceConcernsEveryMetricOfItsDevice() {
    List<TruthWindow> truth = List.of(truth("d1", "*", "silence", 0, 30));
    List<Alert> alerts =
        List.of(alert("d1", "temperature", 35, "silent"), alert("d1", "*", 36, "silent"));
    KindRow silence = IotEvaluation.evaluate(truth, alerts, TOLERANCE).row("silence");
    assertEquals(1, silence.detected());
    assertEquals(2, silence.trueAlerts());
    assertEquals(Duration.ofMinutes(35), silence.meanDelay());
  }

  @Test
  void falseAlertsCountAgainstTheKindsTheirReasonClaims() {
    List<TruthWindow> truth =
        List.of(
            truth("d1", "temperature", "spike", 0, 0),
            truth("d2", "temperature", "level-shift", 0, 0),
            truth("d3", "humidity", "variance-change", 0, 30),
            truth("d4", "humidity", "stuck", 0, 30),
            truth("d5", "*", "silence", 0, 30));
    List<Alert> alerts =
        List.of(
            alert("d1", "temperature", 0, "anomaly"),
            alert("d9", "temperature", 100, "anomaly"),
            alert("d9", "temperature", 200, "rate-of-change"),
            alert("d9", "humidity", 300, "stuck"),
            alert("d9", "*", 400, "silent"),
            alert("d9", "*", 500, "something-new"));
    EvaluationResult r = IotEvaluation.evaluate(truth, alerts, TOLERANCE);
    assertEquals(2, r.row("spike").falseAlerts());
    assertEquals(2, r.row("level-shift").falseAlerts());
    assertEquals(2, r.row("variance-change").falseAlerts());
    assertEquals(1, r.row("stuck").falseAlerts());
    assertEquals(1, r.row("silence").falseAlerts());
    assertEquals(1.0 / 3, r.row("spike").precision(), 1e-9);
    assertEquals(0.0, r.row("stuck").precision());
    assertEquals(0.0, r.row("level-shift").recall());
    assertNull(r.row("level-shift").meanDelay());
    // Overall: every alert once, whatever its reason.
    assertEquals(6, r.alerts());
    assertEquals(1, r.trueAlerts());
    assertEquals(5, r.falseAlerts().size());
    assertEquals(1.0 / 6, r.precision(), 1e-9);
  }

  @Test
  void anAlertGoesToTheAnomalyThatStartedLast() {
    // A level shift and its shift back 5 minutes later: an alert at 6 min reacts to the second.
    List<TruthWindow> truth =
        List.of(
            truth("d1", "battery", "level-shift", 0, 0),
            truth("d1", "battery", "level-shift", 5, 5));
    EvaluationResult r =
        IotEvaluation.evaluate(truth, List.of(alert("d1", "battery", 6, "anomaly")), TOLERANCE);
    KindRow shift = r.row("level-shift");
    assertEquals(2, shift.anomalies());
    assertEquals(1, shift.detected());
    assertEquals(0, shift.extraAlerts());
    assertEquals(Duration.ofMinutes(1), shift.meanDelay());
  }

  @Test
  void labelledWindowsTakeAlertsOfAnyReason() {
    List<TruthWindow> truth = List.of(truth("m", "value", "labelled", 0, 60));
    List<Alert> alerts =
        List.of(alert("m", "value", 30, "stuck"), alert("m", "value", 500, "silent"));
    KindRow labelled = IotEvaluation.evaluate(truth, alerts, TOLERANCE).row("labelled");
    assertEquals(1, labelled.detected());
    assertEquals(1, labelled.falseAlerts());
    assertEquals(0.5, labelled.precision());
  }

  @Test
  void tableHasARowPerKindTheOverallLineAndTheFalseAlerts() {
    List<TruthWindow> truth =
        List.of(truth("d4", "humidity", "stuck", 0, 30), truth("d1", "temperature", "spike", 0, 0));
    List<Alert> alerts =
        List.of(alert("d1", "temperature", 2, "anomaly"), alert("d7", "battery", 9, "anomaly"));
    String table = IotEvaluation.evaluate(truth, alerts, TOLERANCE).toTable();
    String[] lines = table.split("\n");
    assertTrue(lines[1].startsWith("spike "), table);
    assertTrue(lines[2].startsWith("stuck "), table);
    assertTrue(table.contains("alerts: 2, true 1, false 1, precision 50.0%"), table);
    assertTrue(table.contains("2026-01-01T10:09:00Z d7"), table);
    assertTrue(lines[1].contains(" 2m00s "), table);
  }

  @Test
  void readsTruthFilesAndNabWindows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("truth.jsonl");
    Files.writeString(
        file,
        "{\"device\":\"device-3\",\"metric\":\"*\",\"kind\":\"silence\","
            + "\"start\":\"2026-01-01T10:00:00Z\",\"end\":\"2026-01-01T10:30:00.5Z\"}\n\n");
    assertEquals(
        List.of(
            new TruthWindow(
                "device-3", "*", "silence", T, Instant.parse("2026-01-01T10:30:00.500Z"))),
        TruthWindow.read(file));

    Path nab = dir.resolve("combined_windows.json");
    Files.writeString(
        nab,
        "{\"realKnownCause/x.csv\": [[\"2014-02-19 10:50:00.000000\", \"2014-02-20 03:30:00.000000\"]],"
            + " \"other.csv\": []}");
    List<TruthWindow> windows = NabLabels.read(nab, "realKnownCause/x.csv", "m-1", "value");
    assertEquals(
        List.of(
            new TruthWindow(
                "m-1",
                "value",
                "labelled",
                Instant.parse("2014-02-19T10:50:00Z"),
                Instant.parse("2014-02-20T03:30:00Z"))),
        windows);
  }
}
