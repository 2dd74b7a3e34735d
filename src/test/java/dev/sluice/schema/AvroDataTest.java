package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.pipelines.windowedaggregate.ReadingExtractor;
import dev.sluice.schema.SchemaRegistry.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * Avro data beside JSON: decoded with the registered Avro schema of the event's type in either
 * CloudEvents mode, read by a pipeline's extractor like JSON data, kept across a shuffle, and
 * refused as a dead letter with the reason when the bytes are not that schema's.
 */
public class AvroDataTest {

  public static final String METER =
      "{\"type\":\"record\",\"name\":\"Meter\",\"fields\":[{\"name\":\"value\",\"type\":\"double\"},"
          + "{\"name\":\"unit\",\"type\":[\"null\",\"string\"],\"default\":null},"
          + "{\"name\":\"tags\",\"type\":{\"type\":\"map\",\"values\":\"string\"},\"default\":{}},"
          + "{\"name\":\"flags\",\"type\":{\"type\":\"array\",\"items\":\"null\"},\"default\":[]}]}";

  private static final long PRODUCED_AT = Instant.parse("2026-11-26T10:00:05Z").toEpochMilli();

  private final RegisteredSchemas schemas =
      RegisteredSchemas.of(
          Map.of(
              "meter.reading",
              List.of(new Version("1", METER, SchemaRegistry.AVRO)),
              "sensor.reading",
              List.of(new Version("1", RegisteredSchemasTest.V1))));
  private final EventParser parser =
      new EventParser(Duration.ofHours(1))
          .checking(schemas)
          .requiring(new ReadingExtractor("value"));

  /** One Meter datum as Avro binary. */
  public static byte[] meter(double value, String unit) throws Exception {
    Schema schema = new Schema.Parser().parse(METER);
    GenericRecord r = new GenericData.Record(schema);
    r.put("value", value);
    r.put("unit", unit);
    r.put("tags", Map.of("b", "2", "a", "1"));
    r.put("flags", List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** A structured-mode CloudEvent carrying {@code avro} in data_base64. */
  public static String structured(String id, String type, byte[] avro) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/meters\",\"type\":\""
        + type
        + "\",\"time\":\"2026-11-26T10:00:03Z\",\"subject\":\"m-1\","
        + "\"datacontenttype\":\"application/avro\",\"data_base64\":\""
        + Base64.getEncoder().encodeToString(avro)
        + "\"}";
  }

  private ParseResult parse(EventParser p, byte[] value, List<RawRecord.Header> headers) {
    return p.parse(
        new RawRecord("events", 0, System.nanoTime(), PRODUCED_AT, null, value, headers));
  }

  private ParseResult structured(EventParser p, String type, byte[] avro) {
    return parse(p, structured("a-1", type, avro).getBytes(StandardCharsets.UTF_8), List.of());
  }

  @Test
  void structuredAvroIsReadLikeJsonAndSurvivesAShuffle() throws Exception {
    ParseResult result = structured(parser, "meter.reading", meter(21.5, "C"));
    assertTrue(result.isValid(), result.error());
    Event event = result.event();
    assertEquals(21.5, event.dataAt("value").asDouble());
    assertEquals("C", event.dataAt("unit").asText());
    assertEquals("{\"a\":\"1\",\"b\":\"2\"}", event.dataAt("tags").toString(), "map keys sorted");

    Event shuffled = CoderUtils.clone(EventCoder.of(), event);
    assertEquals(event, shuffled);
    assertEquals(21.5, shuffled.dataAt("value").asDouble(), "decoded data travels with the event");
    assertEquals(21.5, new ReadingExtractor("value").extract(shuffled).value());
  }

  @Test
  void binaryModeAvroIsTheRecordValue() throws Exception {
    List<RawRecord.Header> headers =
        List.of(
            header("ce_specversion", "1.0"),
            header("ce_id", "b-1"),
            header("ce_source", "/meters"),
            header("ce_type", "meter.reading"),
            header("ce_time", "2026-11-26T10:00:03Z"),
            header("content-type", "application/avro"));
    ParseResult result = parse(parser, meter(7, null), headers);
    assertTrue(result.isValid(), result.error());
    assertTrue(result.event().dataAt("unit").isNull());
    assertEquals(7.0, result.event().dataAt("value").asDouble());
  }

  @Test
  void bytesThatAreNotTheSchemasAreDeadLettersWithTheReason() throws Exception {
    String garbage = structured(parser, "meter.reading", new byte[] {1, 2, 3}).error();
    assertTrue(garbage.startsWith("data is not Avro of meter.reading v1: "), garbage);

    byte[] longer = meter(1, "C");
    byte[] trailing = java.util.Arrays.copyOf(longer, longer.length + 3);
    assertEquals(
        "data is not Avro of meter.reading v1: bytes left after the record",
        structured(parser, "meter.reading", trailing).error());

    // value 1.0, no unit, no tags, then 2^30 null items: Avro's collection limit refuses it
    // instead of allocating gigabytes.
    byte[] huge = {
      0,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xf0,
      0x3f,
      0,
      0,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      0x08
    };
    String limited = structured(parser, "meter.reading", huge).error();
    assertTrue(limited.startsWith("data is not Avro of meter.reading v1: "), limited);

    assertEquals(
        "data_base64 is not base64: Illegal base64 character 21",
        parse(
                parser,
                structured("x", "meter.reading", new byte[0])
                    .replace("\"data_base64\":\"\"", "\"data_base64\":\"!!\"")
                    .getBytes(StandardCharsets.UTF_8),
                List.of())
            .error());
  }

  @Test
  void eachEncodingMustMatchItsTypesKindOfSchema() throws Exception {
    assertEquals(
        "sensor.reading v1 is a JSON Schema: its events carry JSON data, not Avro",
        structured(parser, "sensor.reading", meter(1, "C")).error());
    String json =
        RegisteredSchemasTest.event("meter.reading", null, "{\"value\":1}")
            .replace("\"id\":\"e-1\"", "\"id\":\"j-1\"");
    assertEquals(
        "meter.reading v1 is an Avro schema: its events carry datacontenttype application/avro",
        parse(parser, json.getBytes(StandardCharsets.UTF_8), List.of()).error());
  }

  @Test
  void withoutSchemasAvroIsRefusedNamingTheFlag() throws Exception {
    EventParser plain = new EventParser(Duration.ofHours(1));
    assertEquals(
        "datacontenttype 'application/avro' needs --schemaRegistry: Avro data is read with its"
            + " writer's schema",
        structured(plain, "meter.reading", meter(1, "C")).error());
    assertFalse(structured(plain, "meter.reading", meter(1, "C")).isValid());
  }

  private static RawRecord.Header header(String name, String value) {
    return new RawRecord.Header(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
