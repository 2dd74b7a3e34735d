package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static dev.sluice.schema.RegisteredSchemasTest.V1;
import static dev.sluice.schema.RegisteredSchemasTest.V2;
import static dev.sluice.schema.RegisteredSchemasTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.schema.AvroDataTest;
import dev.sluice.schema.RegisteredSchemas;
import dev.sluice.schema.SchemaRegistry;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.Registry;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline validating {@code data} against a real Apicurio Registry (scripts/registry) and a real
 * broker: v1 and v2 events of one type in one stream both pass, Avro data of an Avro-registered
 * type is read like JSON, and every refusal is a dead letter with its reason. Then the registry's
 * part at run time: a type registered after launch is fetched, and once the registry is gone the
 * schemas loaded before keep working while an unseen type is refused saying so. A registry that is
 * down at launch stops it in one line.
 */
class SchemaValidationRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOOR =
      "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"number\"}},\"required\":[\"value\"]}";

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void eventsAreHeldToTheirTypesRegisteredSchemaAndRefusalsAreDeadLetters(@TempDir Path dir)
      throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String input = SharedKafka.newTopic("schema-in", 1);
    Path file = dir.resolve("events.jsonl");
    Files.write(
        file,
        List.of(
                event("sensor.reading", "urn:sluice:sensor.reading:1", "{\"value\":1}"),
                event(
                    "sensor.reading",
                    "urn:sluice:sensor.reading:2",
                    "{\"value\":2,\"unit\":\"C\"}"),
                event("sensor.reading", null, "{\"value\":3}"),
                event("sensor.reading", null, "{\"value\":4,\"unit\":5}"),
                event("door.opened", null, "{\"value\":5}"),
                event("sensor.reading", "urn:sluice:sensor.reading:9", "{\"value\":6}"),
                AvroDataTest.structured("avro-1", "meter.reading", AvroDataTest.meter(40, "kWh")),
                AvroDataTest.structured("avro-2", "meter.reading", new byte[] {7, 7}))
            .stream()
            .map(e -> e.replace("\"id\":\"e-1\"", "\"id\":\"" + e.hashCode() + "\""))
            .toList());
    try (Registry registry = Registry.start(dir.resolve("registry"))) {
      SchemaRegistry api = new SchemaRegistry(registry.url(), "sluice");
      api.create("sensor.reading", JSON.readTree(V1), "BACKWARD");
      assertTrue(api.addVersion("sensor.reading", JSON.readTree(V2), false).accepted());
      api.create(
          "meter.reading", JSON.readTree(AvroDataTest.METER), "BACKWARD", SchemaRegistry.AVRO);

      assertEquals(
          0,
          sluice("produce", input, "--file", file.toString(), "--bootstrapServers", servers)
              .code());
      // The same outcome on both local runners (the check travels inside the job).
      checkRun(servers, input, registry.url(), "--runner=DirectRunner");
      checkRun(servers, input, registry.url(), "--runner=FlinkRunner", "--streaming=true");
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void schemasLoadedAtLaunchOutliveTheRegistryAndNewTypesAreFetchedWhileItAnswers(@TempDir Path dir)
      throws Exception {
    EventParser parser;
    String url;
    try (Registry registry = Registry.start(dir.resolve("registry"))) {
      url = registry.url();
      SchemaRegistry api = new SchemaRegistry(url, "sluice");
      api.create("sensor.reading", JSON.readTree(V1), "BACKWARD");
      parser = new EventParser(Duration.ofHours(1)).checking(RegisteredSchemas.load(api));
      // Registered after launch: fetched on first sight.
      api.create("door.opened", JSON.readTree(DOOR), "BACKWARD");
      assertTrue(parse(parser, "door.opened", "{\"value\":1}").isValid());
    }
    // The registry is gone.
    assertTrue(parse(parser, "sensor.reading", "{\"value\":1}").isValid());
    assertEquals(
        "data does not match schema sensor.reading v1: /value: string found, number expected",
        parse(parser, "sensor.reading", "{\"value\":\"1\"}").error());
    assertTrue(parse(parser, "door.opened", "{\"value\":2}").isValid(), "fetched before: cached");
    String unseen = parse(parser, "window.opened", "{\"value\":1}").error();
    assertTrue(
        unseen.startsWith(
            "type window.opened is not among the schemas loaded at launch, and no schema registry"
                + " answers at "
                + url),
        unseen);

    long t0 = System.nanoTime();
    KafkaCliTest.Run down =
        sluice(
            "run",
            "windowed-aggregate",
            "--bootstrapServers=" + SharedKafka.bootstrapServers(),
            "--inputTopic=" + SharedKafka.newTopic("schema-down-in", 1),
            "--outputTopic=" + SharedKafka.newTopic("schema-down-results", 1),
            "--deadLetterTopic=" + SharedKafka.newTopic("schema-down-dead", 1),
            "--lateTopic=" + SharedKafka.newTopic("schema-down-late", 1),
            "--schemaRegistry=" + url);
    assertEquals(1, down.code(), down.err());
    String last = down.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("sluice run: no schema registry answers at " + url), last);
    assertTrue((System.nanoTime() - t0) / 1e9 < 20);
  }

  private static void checkRun(String servers, String input, String url, String... runner)
      throws Exception {
    String results = SharedKafka.newTopic("schema-results", 1);
    String dead = SharedKafka.newTopic("schema-dead", 1);
    String late = SharedKafka.newTopic("schema-late", 1);
    KafkaCliTest.Run run =
        sluice(
            concat(
                runner,
                "run",
                "windowed-aggregate",
                "--bootstrapServers=" + servers,
                "--inputTopic=" + input,
                "--outputTopic=" + results,
                "--deadLetterTopic=" + dead,
                "--lateTopic=" + late,
                "--bounded=true",
                "--schemaRegistry=" + url));
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("data checked against schema group sluice at " + url), run.err());
    String runnerName = runner[0].substring("--runner=".length());
    assertTrue(run.err().contains("windowed-aggregate on " + runnerName), run.err());
    assertTrue(run.err().contains("records_read=8"), run.err());
    assertTrue(run.err().contains("-> every event accounted for"), run.err());

    TreeSet<String> reasons =
        TopicSnapshot.readAllBytes(servers, dead).stream()
            .map(KafkaScenario::reason)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(4, reasons.size(), reasons.toString());
    assertEquals(
        "data does not match schema sensor.reading v2: /unit: integer found, string expected",
        reasons.pollFirst());
    assertEquals(
        "data is not Avro of meter.reading v1: the bytes end before the record does",
        reasons.pollFirst());
    assertEquals(
        "type door.opened is not among the schemas loaded at launch, and group sluice of the"
            + " registry has none",
        reasons.pollFirst());
    assertEquals(
        "type sensor.reading has no schema version 9 (dataschema urn:sluice:sensor.reading:9;"
            + " registered: 1, 2)",
        reasons.pollFirst());
    // The three accepted JSON readings fall in one window of key /s (their source), the Avro
    // reading in one of its subject m-1.
    Map<String, Long> counts = new TreeMap<>();
    for (String w : TopicSnapshot.values(servers, results)) {
      JsonNode pane = JSON.readTree(w);
      counts.merge(pane.path("key").asText(), pane.path("count").asLong(), Math::max);
    }
    assertEquals(Map.of("/s", 3L, "m-1", 1L), counts);
  }

  private static String[] concat(String[] runner, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + runner.length);
    System.arraycopy(runner, 0, all, args.length, runner.length);
    return all;
  }

  private static ParseResult parse(EventParser parser, String type, String data) {
    byte[] value =
        event(type, null, data)
            .replace("\"id\":\"e-1\"", "\"id\":\"" + System.nanoTime() + "\"")
            .getBytes(StandardCharsets.UTF_8);
    return parser.parse(
        new RawRecord(
            "events", 0, System.nanoTime(), System.currentTimeMillis(), null, value, List.of()));
  }
}
