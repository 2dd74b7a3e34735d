package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NAB series loaded with 'series', its label windows as truth for 'evaluate iot'. */
class SeriesCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void loadsANabSeriesAndEvaluatesAgainstItsWindows() throws Exception {
    Path csv = dir.resolve("machine.csv");
    Files.write(
        csv,
        List.of(
            "timestamp,value",
            "2014-04-01 00:00:00,20.5",
            "2014-04-01 00:05:00,21",
            "2014-04-01 00:10:00,87.25",
            ""));
    Path out = dir.resolve("series.jsonl");
    KafkaCliTest.Run loaded =
        sluice(
            "series",
            "--csv",
            csv.toString(),
            "--device",
            "m-1",
            "--metric",
            "temperature",
            "--out",
            out.toString());
    assertEquals(0, loaded.code(), loaded.err());
    assertTrue(
        loaded
            .out()
            .startsWith(
                "3 readings of m-1 temperature from "
                    + csv
                    + ", event time 2014-04-01T00:00:00Z .. 2014-04-01T00:10:00Z"),
        loaded.out());
    List<String> lines = Files.readAllLines(out);
    JsonNode third = JSON.readTree(JSON.readTree(lines.get(2)).get("valueUtf8").asText());
    assertEquals("sensor.reading", third.get("type").asText());
    assertEquals("m-1", third.get("subject").asText());
    assertEquals("nab", third.get("site").asText());
    assertEquals("2014-04-01T00:10:00Z", third.get("time").asText());
    assertEquals(87.25, third.get("data").get("temperature").asDouble());

    Path windows = dir.resolve("combined_windows.json");
    Files.writeString(
        windows,
        "{\"realKnownCause/machine.csv\": [[\"2014-04-01 00:08:00.000000\","
            + " \"2014-04-01 00:20:00.000000\"]]}");
    Path alerts = dir.resolve("alerts.jsonl");
    Files.write(
        alerts,
        List.of(
            "{\"device\":\"m-1\",\"metric\":\"temperature\",\"time\":\"2014-04-01T00:10:00Z\","
                + "\"value\":87.25,\"score\":0.99,\"reason\":\"anomaly\"}",
            "{\"device\":\"m-1\",\"metric\":\"temperature\",\"time\":\"2014-04-01T00:00:00Z\","
                + "\"value\":20.5,\"score\":0.7,\"reason\":\"anomaly\"}"));
    KafkaCliTest.Run evaluated =
        sluice(
            "evaluate",
            "iot",
            "--nabWindows",
            windows.toString(),
            "--nabFile",
            "realKnownCause/machine.csv",
            "--device",
            "m-1",
            "--metric",
            "temperature",
            "--alerts",
            alerts.toString());
    assertEquals(0, evaluated.code(), evaluated.err());
    String labelled =
        evaluated.out().lines().filter(l -> l.startsWith("labelled ")).findFirst().orElseThrow();
    assertTrue(labelled.matches("labelled\\s+1\\s+1\\s+100\\.0%\\s+50\\.0%\\s+2m00s.*"), labelled);

    KafkaCliTest.Run missing =
        sluice(
            "evaluate", "iot", "--nabWindows", windows.toString(), "--alerts", alerts.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("--nabWindows needs --nabFile, --device and --metric"));
  }
}
