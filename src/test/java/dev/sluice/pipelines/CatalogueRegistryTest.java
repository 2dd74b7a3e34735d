package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.Sluice;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.testing.PipelineScenario;
import dev.sluice.testing.Registry;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogued pipeline holds its events' {@code data} to the schemas in a real Apicurio
 * Registry (started by {@code scripts/registry}), the shipped ones registered by {@code sluice
 * schemas register}: a bounded run with {@code --schemaRegistry} over its generated input accounts
 * for every record and its audit, parsing with the same registry, is clean; an event of one of its
 * own types whose data breaks the schema, and an event of a type the registry does not know, are
 * dead letters that say so. windowed-aggregate's {@code SchemaValidationRegistryTest} covers
 * versions, Avro and the registry going away.
 */
class CatalogueRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Registry registry;

  @TempDir Path dir;

  @BeforeAll
  static void registerTheShippedSchemas(@TempDir Path registryDir) throws Exception {
    registry = Registry.start(registryDir);
    assertEquals(
        0,
        Sluice.execute("schemas", "register", "--registry=" + registry.url(), "--dir=pipelines"));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    registry.close();
  }

  static Stream<String> pipelines() {
    return Pipelines.all().keySet().stream().filter(n -> !n.equals("windowed-aggregate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void eventsAreHeldToTheirRegisteredSchemas(String name) throws Exception {
    check(Pipelines.get(name));
  }

  private <O extends SluiceOptions> void check(PipelineSpec<O> spec) throws Exception {
    PipelineScenario<O> s = new PipelineScenario<>(spec, dir, "--schemaRegistry=" + registry.url());
    s.produceWorkload(7, GeneratorConfig.DEFAULT_BINARY_SHARE, 0.25);
    String input = s.options().getInputTopic().get(0);
    ObjectNode event = firstStructuredEvent(s.bootstrap(), input);
    String type = event.path("type").asText();
    // One of the pipeline's own types, every field of its data of another JSON type than it was.
    event.put("id", "breaks-its-schema").set("data", retyped((ObjectNode) event.get("data")));
    SharedKafka.produceToEveryPartition(input, JSON.writeValueAsString(event));
    event.put("id", "unknown-type").put("type", "door.opened").putObject("data").put("open", true);
    SharedKafka.produceToEveryPartition(input, JSON.writeValueAsString(event));

    RunSummary summary = s.runBounded("--runner=DirectRunner");
    assertTrue(summary.succeeded(), summary.format());
    assertTrue(spec.accounting().balanced(summary), spec.accounting().line(summary));
    AuditReport audit = s.audit();
    assertTrue(audit.clean(), audit.format());

    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        TopicSnapshot.readAllBytes(s.bootstrap(), s.options().getDeadLetterTopic());
    // One of each per input partition.
    long partitions =
        TopicSnapshot.readAllBytes(s.bootstrap(), input).stream()
            .map(ConsumerRecord::partition)
            .distinct()
            .count();
    String breaks = "data does not match schema " + type;
    assertEquals(
        Collections.nCopies((int) partitions, breaks),
        reasonsOf(deadLetters, "breaks-its-schema", breaks));
    String unknown = "type door.opened is not among the schemas loaded at launch";
    assertEquals(
        Collections.nCopies((int) partitions, unknown),
        reasonsOf(deadLetters, "unknown-type", unknown));
  }

  private static ObjectNode retyped(ObjectNode data) {
    ObjectNode other = JSON.createObjectNode();
    data.fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isTextual()) {
                other.put(f.getKey(), 1);
              } else {
                other.put(f.getKey(), "text");
              }
            });
    return other;
  }

  /** The first record of the topic that is a structured CloudEvent with object data. */
  private static ObjectNode firstStructuredEvent(String bootstrap, String topic) throws Exception {
    for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(bootstrap, topic)) {
      try {
        JsonNode node = JSON.readTree(r.value());
        if (node instanceof ObjectNode o && o.path("data").isObject() && o.has("type")) {
          return o;
        }
      } catch (java.io.IOException notJson) {
        // The generator's malformed records; look further.
      }
    }
    throw new AssertionError("no structured CloudEvent in " + topic);
  }

  /**
   * The reasons of the dead letters holding the event with this id, cut to {@code expected} where
   * they start with it (in full where they do not, so a failure shows them).
   */
  private static List<String> reasonsOf(
      List<ConsumerRecord<byte[], byte[]>> deadLetters, String id, String expected) {
    return deadLetters.stream()
        .filter(d -> new String(d.value(), StandardCharsets.UTF_8).contains("\"" + id + "\""))
        .map(CatalogueRegistryTest::reason)
        .map(r -> r.startsWith(expected) ? expected : r)
        .toList();
  }

  private static String reason(ConsumerRecord<byte[], byte[]> deadLetter) {
    var header = deadLetter.headers().lastHeader(DeadLetterFormat.REASON);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
