package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --scenario payments into a file, then evaluate decisions written beside it. */
class PaymentsToolsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void generateThenEvaluateFromFiles() throws Exception {
    Path file = dir.resolve("payments.jsonl");
    Path truth = dir.resolve("truth.jsonl");
    KafkaCliTest.Run generated =
        sluice(
            "generate",
            "--scenario",
            "payments",
            "--cards",
            "200",
            "--duration",
            "1d",
            "--startTime",
            "2026-01-05T00:00:00Z",
            "--seed",
            "3",
            "--out",
            file.toString(),
            "--truth",
            truth.toString());
    assertEquals(0, generated.code(), generated.err());
    List<String> truthLines = Files.readAllLines(truth);
    assertTrue(
        generated
            .out()
            .contains("truth: " + truthLines.size() + " fraudulent payments in " + truth),
        generated.out());
    assertTrue(generated.out().contains("merchant-attack"), generated.out());

    // Decisions that block every fraudulent payment and one legitimate one, approve the rest.
    Set<String> fraud = new HashSet<>();
    for (String line : truthLines) {
      fraud.add(JSON.readTree(line).get("payment").asText());
    }
    List<String> decisions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean oneFalseAlarm = false;
    for (String line : Files.readAllLines(file)) {
      JsonNode record = JSON.readTree(line);
      if (record.get("kind").asText().startsWith("MALFORMED")) {
        continue;
      }
      String id = JSON.readTree(record.get("valueUtf8").asText()).get("id").asText();
      if (!seen.add(id)) {
        continue;
      }
      boolean block = fraud.contains(id) || !oneFalseAlarm;
      oneFalseAlarm |= !fraud.contains(id);
      decisions.add(
          "{\"payment\":\"" + id + "\",\"tier\":\"" + (block ? "block" : "approve") + "\"}");
    }
    Path decided = dir.resolve("decisions.jsonl");
    Files.write(decided, decisions);
    KafkaCliTest.Run evaluated =
        sluice(
            "evaluate", "payments", "--truth", truth.toString(), "--decisions", decided.toString());
    assertEquals(0, evaluated.code(), evaluated.err());
    assertTrue(evaluated.out().contains("all fraud"), evaluated.out());
    assertTrue(evaluated.out().contains("100.0%"), evaluated.out());
    assertTrue(evaluated.out().contains("block " + (truthLines.size() + 1)), evaluated.out());
    assertTrue(evaluated.out().contains("goal (recall >= 90%, legitimate flagged <= 2%): met"));
  }
}
