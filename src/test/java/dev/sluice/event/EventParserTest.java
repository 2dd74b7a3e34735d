package dev.sluice.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.pipelines.windowedaggregate.ReadingExtractor;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PRODUCED_AT = Instant.parse("2026-11-26T10:00:05Z").toEpochMilli();
  private static final String VALID =
      "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/sensors/gw-1\",\"type\":\"sensor.reading\","
          + "\"time\":\"2026-11-26T10:00:03.120Z\",\"subject\":\"device-17\",\"datacontenttype\":\"application/json\","
          + "\"data\":{\"value\":21.5}}";

  private final EventParser envelope = new EventParser(Duration.ofHours(1));

  /** As windowed-aggregate parses: the envelope, plus a numeric data.value. */
  private final EventParser parser = envelope.requiring(new ReadingExtractor("value"));

  private static RawRecord record(String value) {
    return record(value == null ? null : value.getBytes(StandardCharsets.UTF_8), List.of());
  }

  private static RawRecord record(byte[] value, List<RawRecord.Header> headers) {
    return new RawRecord(
        "events", 2, 41, PRODUCED_AT, "k".getBytes(StandardCharsets.UTF_8), value, headers);
  }

  @Test
  void structuredEventIsParsed() {
    ParseResult result = parser.parse(record(VALID));
    assertTrue(result.isValid(), result.error());
    Event e = result.event();
    assertEquals("e-1", e.id());
    assertEquals("/sensors/gw-1", e.source());
    assertEquals("sensor.reading", e.type());
    assertEquals("device-17", e.key());
    assertEquals(Instant.parse("2026-11-26T10:00:03.120Z").toEpochMilli(), e.eventTimeMillis());
    assertEquals(21.5, e.data().get("value").doubleValue());
    assertEquals("application/json", e.dataContentType());
    assertEquals(null, e.dataSchema());
    assertEquals(Map.of(), e.extensions());
    assertEquals(41, e.origin().offset());
  }

  @Test
  void timeWithOffsetIsNormalisedToUtc() {
    ParseResult result =
        parser.parse(
            record(VALID.replace("2026-11-26T10:00:03.120Z", "2026-11-26T11:00:03.120+01:00")));
    assertEquals(
        Instant.parse("2026-11-26T10:00:03.120Z").toEpochMilli(), result.event().eventTimeMillis());
  }

  @Test
  void keyFallsBackToKafkaKeyThenSource() {
    String noSubject = VALID.replace(",\"subject\":\"device-17\"", "");
    assertEquals("k", parser.parse(record(noSubject)).event().key());
    RawRecord keyless =
        new RawRecord(
            "events",
            0,
            0,
            PRODUCED_AT,
            null,
            noSubject.getBytes(StandardCharsets.UTF_8),
            List.of());
    assertEquals("/sensors/gw-1", parser.parse(keyless).event().key());
  }

  @Test
  void nestedValueFieldPath() {
    ReadingExtractor celsius = new ReadingExtractor("reading.celsius");
    EventParser nested = envelope.requiring(celsius);
    String json = VALID.replace("{\"value\":21.5}", "{\"reading\":{\"celsius\":-3}}");
    assertEquals(-3.0, celsius.read(nested.parse(record(json)).event()));
    assertEquals("missing data.reading.celsius", nested.parse(record(VALID)).error());
  }

  @Test
  void binaryModeEventIsParsedThroughTheSdk() {
    CloudEvent ce =
        CloudEventBuilder.v1()
            .withId("e-9")
            .withSource(URI.create("/sensors/gw-2"))
            .withType("sensor.reading")
            .withTime(OffsetDateTime.parse("2026-11-26T10:00:01Z"))
            .withSubject("device-3")
            .withDataContentType("application/json")
            .withData("{\"value\":7.25}".getBytes(StandardCharsets.UTF_8))
            .build();
    RecordHeaders headers = new RecordHeaders();
    byte[] value;
    try (CloudEventSerializer serializer = new CloudEventSerializer()) {
      serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
      value = serializer.serialize("events", headers, ce);
    }
    List<RawRecord.Header> raw = new ArrayList<>();
    for (Header h : headers) {
      raw.add(new RawRecord.Header(h.key(), h.value()));
    }
    ParseResult result = parser.parse(record(value, raw));
    assertTrue(result.isValid(), result.error());
    assertEquals("device-3", result.event().key());
    assertEquals(7.25, result.event().data().get("value").doubleValue());
    assertEquals(
        Instant.parse("2026-11-26T10:00:01Z").toEpochMilli(), result.event().eventTimeMillis());
  }

  @Test
  void binaryModeWithoutTimeIsRejected() {
    List<RawRecord.Header> headers =
        List.of(
            new RawRecord.Header("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)),
            new RawRecord.Header("ce_id", "x".getBytes(StandardCharsets.UTF_8)),
            new RawRecord.Header("ce_source", "/s".getBytes(StandardCharsets.UTF_8)),
            new RawRecord.Header("ce_type", "t".getBytes(StandardCharsets.UTF_8)));
    ParseResult result =
        parser.parse(record("{\"value\":1}".getBytes(StandardCharsets.UTF_8), headers));
    assertFalse(result.isValid());
    assertEquals("missing time", result.error());
  }

  /** Every malformed class ends as a rejection with a reason, never an exception. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON                | this is not json                                              | not JSON",
        "JSON array              | [1,2,3]                                                       | not a JSON object",
        "missing time            | "
            + "DROP:time"
            + "                                                  | missing time",
        "time is a number        | "
            + "SET:time=1732615203"
            + "                                        | time is not an RFC 3339 string",
        "time not RFC 3339       | "
            + "SET:time=\"yesterday\""
            + "                                     | is not RFC 3339",
        "far-future time         | "
            + "SET:time=\"2027-01-01T00:00:00Z\""
            + "                          | ahead of the record's timestamp",
        "missing data            | "
            + "DROP:data"
            + "                                                  | missing data",
        "data not an object      | "
            + "SET:data=42"
            + "                                                | data is not a JSON object",
        "missing value field     | "
            + "SET:data={\"temp\":1}"
            + "                                      | missing data.value",
        "value not a number      | "
            + "SET:data={\"value\":\"abc\"}"
            + "                               | data.value is not a number",
        "missing id              | "
            + "DROP:id"
            + "                                                    | missing or empty id",
        "empty source            | "
            + "SET:source=\"\""
            + "                                            | missing or empty source",
        "missing type            | "
            + "DROP:type"
            + "                                                  | missing or empty type",
        "wrong specversion       | "
            + "SET:specversion=\"0.3\""
            + "                                    | unsupported specversion",
        "non-JSON content type   | "
            + "SET:datacontenttype=\"text/plain\""
            + "                         | is neither JSON nor Avro",
      })
  void malformedRecordsAreRejectedWithTheirReason(String name, String mutation, String reason)
      throws Exception {
    String value = mutate(mutation.trim());
    ParseResult result = parser.parse(record(value));
    assertFalse(result.isValid(), name + " was accepted");
    assertTrue(
        result.error().contains(reason.trim()), name + ": reason was '" + result.error() + "'");
  }

  @Test
  void emptyValueIsRejected() {
    assertEquals("empty record value", parser.parse(record((String) null)).error());
    assertEquals("empty record value", parser.parse(record("")).error());
  }

  @Test
  void nonUtf8GarbageIsRejected() {
    ParseResult result =
        parser.parse(record(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, List.of()));
    assertFalse(result.isValid());
    assertTrue(result.error().startsWith("not JSON"), result.error());
  }

  /** The source's parse is reused by the parse step: same record, equal settings, one parse. */
  @Test
  void aParseIsReusedUnderEqualSettingsOnly() {
    RawRecord r = record(VALID);
    ParseResult first = parser.parse(r);
    assertSame(first, parser.parse(r));
    assertSame(first, envelope.requiring(new ReadingExtractor("value")).parse(r));
    assertSame(parser, parser.requiring(new ReadingExtractor("value")));
    assertNotSame(first, envelope.parse(r));
    assertNotSame(first, parser.parse(record(VALID)));
  }

  @Test
  void invalidRecordsHaveNoEventTime() {
    assertEquals(Long.MIN_VALUE, parser.eventTimeOrMin(record("garbage")));
    assertEquals(
        Instant.parse("2026-11-26T10:00:03.120Z").toEpochMilli(),
        parser.eventTimeOrMin(record(VALID)));
  }

  private static String mutate(String mutation) throws Exception {
    if (!mutation.startsWith("DROP:") && !mutation.startsWith("SET:")) {
      return mutation;
    }
    com.fasterxml.jackson.databind.node.ObjectNode node =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(VALID);
    if (mutation.startsWith("DROP:")) {
      node.remove(mutation.substring(5));
    } else {
      String[] kv = mutation.substring(4).split("=", 2);
      JsonNode replacement = JSON.readTree(kv[1]);
      node.set(kv[0], replacement);
    }
    return node.toString();
  }
}
