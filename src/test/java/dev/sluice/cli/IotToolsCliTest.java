package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --scenario iot into a real broker, then evaluate and plot from its topics. */
class IotToolsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void generateEvaluateAndPlotThroughKafka() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String readings = SharedKafka.newTopic("iot-readings", 2);
    String alertsTopic = SharedKafka.newTopic("iot-alerts", 1);
    Path truth = dir.resolve("truth.jsonl");
    Path file = dir.resolve("records.jsonl");

    KafkaCliTest.Run generated =
        sluice(
            "generate",
            "--scenario",
            "iot",
            "--devices",
            "3",
            "--duration",
            "12h",
            "--startTime",
            "2026-01-01T00:00:00Z",
            "--seed",
            "5",
            "--topic",
            readings,
            "--out",
            file.toString(),
            "--truth",
            truth.toString(),
            "--bootstrapServers",
            servers);
    assertEquals(0, generated.code(), generated.err());
    List<String> written = Files.readAllLines(file);
    List<String> truthLines = Files.readAllLines(truth);
    assertTrue(
        generated.out().contains("truth: " + truthLines.size() + " anomalies in " + truth),
        generated.out());
    assertTrue(generated.out().contains(written.size() + " records in "), generated.out());
    List<String> inTopic = TopicSnapshot.values(servers, readings);
    assertEquals(written.size(), inTopic.size());
    assertTrue(inTopic.get(0).contains("\"type\":\"sensor.reading\""), inTopic.get(0));

    // One alert on each anomaly's first reading, and one false alert.
    List<String> alerts = new ArrayList<>();
    for (String line : truthLines) {
      JsonNode a = JSON.readTree(line);
      String metric =
          a.get("metric").asText().equals("*") ? "temperature" : a.get("metric").asText();
      alerts.add(alert(a.get("device").asText(), metric, a.get("start").asText(), "anomaly"));
    }
    alerts.add(alert("device-0", "battery", "2026-01-01T01:00:00Z", "stuck"));
    Path alertsFile = dir.resolve("alerts.jsonl");
    Files.write(alertsFile, alerts);
    KafkaCliTest.Run produced =
        sluice(
            "produce", alertsTopic, "--file", alertsFile.toString(), "--bootstrapServers", servers);
    assertEquals(0, produced.code(), produced.err());

    KafkaCliTest.Run evaluated =
        sluice(
            "evaluate",
            "iot",
            "--truth",
            truth.toString(),
            "--alertsTopic",
            alertsTopic,
            "--bootstrapServers",
            servers);
    assertEquals(0, evaluated.code(), evaluated.err());
    int anomalies = truthLines.size();
    assertTrue(
        evaluated
            .out()
            .contains(String.format("alerts: %d, true %d, false 1", anomalies + 1, anomalies)),
        evaluated.out());

    JsonNode first = JSON.readTree(truthLines.get(0));
    String metric =
        first.get("metric").asText().equals("*") ? "temperature" : first.get("metric").asText();
    Path png = dir.resolve("plot.png");
    KafkaCliTest.Run plotted =
        sluice(
            "plot",
            "iot",
            "--device",
            first.get("device").asText(),
            "--metric",
            metric,
            "--inputTopic",
            readings,
            "--alertsTopic",
            alertsTopic,
            "--truth",
            truth.toString(),
            "--out",
            png.toString(),
            "--bootstrapServers",
            servers);
    assertEquals(0, plotted.code(), plotted.err());
    assertTrue(plotted.out().startsWith(png + ": "), plotted.out());
    assertNotNull(ImageIO.read(png.toFile()));
  }

  private static String alert(String device, String metric, String time, String reason) {
    return String.format(
        "{\"device\":\"%s\",\"metric\":\"%s\",\"time\":\"%s\",\"value\":1.0,\"score\":0.9,"
            + "\"reason\":\"%s\",\"evidence\":{}}",
        device, metric, time, reason);
  }
}
