package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.schema.SchemaRegistry.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema check on its own, with a fixed set of schemas: which version an event is held to, and
 * the reason each refusal gives. The registry's part is in {@code SchemaValidationRegistryTest}.
 */
public class RegisteredSchemasTest {

  public static final String V1 =
      "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"number\"}},"
          + "\"required\":[\"value\"],\"additionalProperties\":false}";
  public static final String V2 =
      "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"number\"},"
          + "\"unit\":{\"type\":\"string\"}},\"required\":[\"value\"],\"additionalProperties\":false}";

  private static final long PRODUCED_AT = Instant.parse("2026-11-26T10:00:05Z").toEpochMilli();

  private final RegisteredSchemas schemas =
      RegisteredSchemas.of(
          Map.of("sensor.reading", List.of(new Version("1", V1), new Version("2", V2))));
  private final EventParser parser = new EventParser(Duration.ofHours(1)).checking(schemas);

  public static String event(String type, String dataSchema, String data) {
    return "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/s\",\"type\":\""
        + type
        + "\",\"time\":\"2026-11-26T10:00:03Z\""
        + (dataSchema == null ? "" : ",\"dataschema\":\"" + dataSchema + "\"")
        + ",\"data\":"
        + data
        + "}";
  }

  private ParseResult parse(String type, String dataSchema, String data) {
    byte[] value = event(type, dataSchema, data).getBytes(StandardCharsets.UTF_8);
    return parser.parse(new RawRecord("events", 0, 7, PRODUCED_AT, null, value, List.of()));
  }

  @Test
  void withoutDataschemaTheLatestVersionJudges() {
    assertTrue(parse("sensor.reading", null, "{\"value\":1.5,\"unit\":\"C\"}").isValid());
    // v1 data is valid under v2: the change was backward compatible.
    assertTrue(parse("sensor.reading", null, "{\"value\":1.5}").isValid());
  }

  @Test
  void dataschemaNamesTheVersionInAnyOfItsUsualForms() {
    String unit = "{\"value\":1.5,\"unit\":\"C\"}";
    assertTrue(parse("sensor.reading", "urn:sluice:sensor.reading:2", unit).isValid());
    assertTrue(
        parse("sensor.reading", "http://r/apis/registry/v3/groups/g/artifacts/x/versions/2", unit)
            .isValid());
    ParseResult heldToV1 =
        parse("sensor.reading", "https://schemas.example/sensor.reading/v1", unit);
    assertFalse(heldToV1.isValid());
    assertTrue(heldToV1.error().startsWith("data does not match schema sensor.reading v1: "));
    assertTrue(heldToV1.error().contains("unit"), heldToV1.error());
  }

  @Test
  void eachRefusalSaysWhy() {
    ParseResult wrongType = parse("sensor.reading", null, "{\"value\":\"21.5 C\"}");
    assertFalse(wrongType.isValid());
    assertTrue(wrongType.error().startsWith("data does not match schema sensor.reading v2: "));
    assertTrue(wrongType.error().contains("/value") || wrongType.error().contains("$.value"));

    ParseResult missing = parse("sensor.reading", null, "{\"unit\":\"C\"}");
    assertTrue(missing.error().contains("value"), missing.error());

    assertEquals(
        "no schema is registered for type door.opened",
        parse("door.opened", null, "{\"door\":1}").error());
    assertEquals(
        "type sensor.reading has no schema version 7 (dataschema urn:x:7; registered: 1, 2)",
        parse("sensor.reading", "urn:x:7", "{\"value\":1}").error());
  }

  @Test
  void manyViolationsAreCappedInTheReason() {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"},"
            + "\"c\":{\"type\":\"number\"},\"d\":{\"type\":\"number\"},\"e\":{\"type\":\"number\"}}}";
    EventParser strict =
        new EventParser(Duration.ofHours(1))
            .checking(RegisteredSchemas.of(Map.of("t", List.of(new Version("1", schema)))));
    byte[] value =
        event("t", null, "{\"a\":\"x\",\"b\":\"x\",\"c\":\"x\",\"d\":\"x\",\"e\":\"x\"}")
            .getBytes(StandardCharsets.UTF_8);
    String reason =
        strict.parse(new RawRecord("e", 0, 1, PRODUCED_AT, null, value, List.of())).error();
    assertTrue(reason.endsWith("; and 2 more"), reason);
  }

  @Test
  void aSchemaThatIsNoJsonSchemaRefusesItsEventsSayingSo() {
    EventParser broken =
        new EventParser(Duration.ofHours(1))
            .checking(
                RegisteredSchemas.of(
                    Map.of("t", List.of(new Version("1", "{\"type\":\"no-such-type\"")))));
    byte[] value = event("t", null, "{}").getBytes(StandardCharsets.UTF_8);
    String reason =
        broken.parse(new RawRecord("e", 0, 1, PRODUCED_AT, null, value, List.of())).error();
    assertTrue(reason.startsWith("schema t v1 is no usable JSON Schema"), reason);
  }

  @Test
  void theCheckTravelsInsideATransformAndKeepsItsSettings() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(parser);
    }
    EventParser copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (EventParser) in.readObject();
    }
    byte[] bad =
        event("sensor.reading", null, "{\"value\":\"x\"}").getBytes(StandardCharsets.UTF_8);
    assertFalse(copy.parse(new RawRecord("e", 0, 3, PRODUCED_AT, null, bad, List.of())).isValid());
    assertEquals(
        schemas,
        RegisteredSchemas.of(
            Map.of("sensor.reading", List.of(new Version("1", V1), new Version("2", V2)))));
    assertNotEquals(
        schemas, RegisteredSchemas.of(Map.of("sensor.reading", List.of(new Version("1", V1)))));
  }
}
