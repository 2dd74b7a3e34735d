package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --scenario clickstream to files, and evaluate clickstream from files. */
class ClickstreamToolsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void generateWritesRecordsTruthAndASummary() throws Exception {
    Path truth = dir.resolve("truth.jsonl");
    Path file = dir.resolve("records.jsonl");
    KafkaCliTest.Run run =
        sluice(
            "generate",
            "--scenario",
            "clickstream",
            "--users",
            "20",
            "--startTime",
            "2026-01-05T00:00:00Z",
            "--seed",
            "5",
            "--out",
            file.toString(),
            "--truth",
            truth.toString());
    assertEquals(0, run.code(), run.err());
    List<String> lines = Files.readAllLines(truth);
    long events = lines.stream().filter(l -> l.contains("\"id\"")).count();
    assertTrue(run.out().contains("truth: " + events + " events of 21 users"), run.out());
    assertTrue(run.out().contains("valid events by type"), run.out());
    assertTrue(run.out().contains("bot "), run.out());
    Instant start = Instant.parse("2026-01-05T00:00:00Z");
    for (String line : lines) {
      JsonNode j = JSON.readTree(line);
      if (j.has("time")) {
        Instant t = Instant.parse(j.get("time").asText());
        // One day unless --duration says otherwise (the iot scenario's default is two).
        assertTrue(!t.isBefore(start) && t.isBefore(start.plusSeconds(86_400)), line);
      }
    }
    assertTrue(Files.readAllLines(file).size() > events, "records include repeats and malformed");
  }

  @Test
  void evaluateExitsZeroOnlyWhenEverythingMatches() throws Exception {
    Path truth = dir.resolve("truth.jsonl");
    Files.write(
        truth,
        List.of(
            "{\"user\":\"u1\",\"label\":\"buyer\"}",
            event("c-1", "page_view", "10:00:00Z", ""),
            event("c-2", "add_to_cart", "10:05:00Z", ",\"product\":\"p-1\",\"price\":9.5"),
            event("c-3", "checkout", "10:06:00Z", ",\"product\":\"p-1\",\"price\":9.5"),
            event("c-4", "purchase", "10:07:00Z", ",\"product\":\"p-1\",\"price\":9.5")));
    Path funnels = dir.resolve("funnels.jsonl");
    Files.write(
        funnels,
        List.of(
            "{\"user\":\"u1\",\"funnelStart\":\"2026-01-05T10:00:00Z\",\"endedAt\":"
                + "\"2026-01-05T10:07:00Z\",\"outcome\":\"completed\",\"stepReached\":\"purchase\","
                + "\"stepTimesMs\":{\"cart\":300000,\"checkout\":60000,\"purchase\":60000}}"));
    Path sessions = dir.resolve("sessions.jsonl");
    Files.write(sessions, List.of(session(3, 0), session(4, 1)));
    KafkaCliTest.Run ok = evaluate(truth, sessions, funnels);
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("MATCH"), ok.out());

    Files.write(sessions, List.of(session(4, 0), session(3, 2)));
    KafkaCliTest.Run wrong = evaluate(truth, sessions, funnels);
    assertEquals(1, wrong.code(), wrong.out() + wrong.err());
    assertTrue(wrong.out().contains("MISMATCH: 1 users differ"), wrong.out());
    assertTrue(wrong.out().contains("u1 (buyer)"), wrong.out());
  }

  private KafkaCliTest.Run evaluate(Path truth, Path sessions, Path funnels) {
    return sluice(
        "evaluate",
        "clickstream",
        "--truth",
        truth.toString(),
        "--sessions",
        sessions.toString(),
        "--funnels",
        funnels.toString());
  }

  private static String event(String id, String type, String time, String data) {
    return "{\"id\":\""
        + id
        + "\",\"source\":\"/shop/web\",\"user\":\"u1\",\"type\":\""
        + type
        + "\",\"time\":\"2026-01-05T"
        + time
        + "\""
        + data
        + "}";
  }

  /** The session of all four events, with {@code events} of them, as pane {@code pane}. */
  private static String session(int events, int pane) {
    return "{\"user\":\"u1\",\"sessionStart\":\"2026-01-05T10:00:00Z\",\"sessionEnd\":"
        + "\"2026-01-05T10:37:00Z\",\"events\":"
        + events
        + ",\"pageViews\":1,\"distinctProducts\":1,\"revenue\":9.5,\"converted\":true,"
        + "\"timing\":\"LATE\",\"pane\":"
        + pane
        + "}";
  }
}
