package dev.sluice.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** The envelope survives coding; {@code data} is not coded but comes back from the origin bytes. */
class EventCoderTest {

  private static final long PRODUCED_AT = Instant.parse("2026-11-26T10:00:05Z").toEpochMilli();
  private final EventParser parser = new EventParser(Duration.ofHours(1));

  private Event parse(String json, byte[] key, List<RawRecord.Header> headers) {
    RawRecord r =
        new RawRecord(
            "events", 1, 7, PRODUCED_AT, key, json.getBytes(StandardCharsets.UTF_8), headers);
    ParseResult result = parser.parse(r);
    assertTrue(result.isValid(), result.error());
    return result.event();
  }

  private static final String FULL =
      "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/shop\",\"type\":\"payment\","
          + "\"time\":\"2026-11-26T10:00:03Z\",\"subject\":\"order-9\","
          + "\"datacontenttype\":\"application/json\",\"dataschema\":\"https://x/schema\","
          + "\"traceparent\":\"00-ab\",\"priority\":3,\"urgent\":true,"
          + "\"data\":{\"amount\":{\"cents\":1250},\"tags\":[\"a\",\"b\"]}}";

  @Test
  void everyAttributeRoundTripsAndDataIsParsedAgain() throws Exception {
    Event e = parse(FULL, null, List.of());
    assertEquals("order-9", e.subject());
    assertEquals("https://x/schema", e.dataSchema());
    assertEquals(Map.of("traceparent", "00-ab", "priority", "3", "urgent", "true"), e.extensions());
    Event back = CoderUtils.clone(EventCoder.of(), e);
    assertEquals(e, back);
    assertEquals(e.data(), back.data());
    assertEquals(1250, back.data().get("amount").get("cents").intValue());
    Event streamed = CoderUtils.clone(EventCoder.of(), e);
    assertEquals(1250, streamed.dataAt("amount", "cents").intValue());
    assertEquals(e.data().get("tags"), streamed.dataAt("tags"));
    assertEquals(null, streamed.dataAt("amount", "euros"));
    assertEquals(null, streamed.dataAt("tags", "a"));
    assertEquals(null, streamed.dataAt("amount", "cents", "deeper"));
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), e);
    CoderProperties.coderDeterministic(EventCoder.of(), e, parse(FULL, null, List.of()));
  }

  @Test
  void keyFromKafkaKeyOrSourceAndAbsentOptionalsRoundTrip() throws Exception {
    String minimal =
        "{\"specversion\":\"1.0\",\"id\":\"e-2\",\"source\":\"/s\",\"type\":\"t\","
            + "\"time\":\"2026-11-26T10:00:03Z\",\"data\":{}}";
    Event byKafkaKey = parse(minimal, "kk".getBytes(StandardCharsets.UTF_8), List.of());
    Event bySource = parse(minimal, null, List.of());
    assertEquals("kk", byKafkaKey.key());
    assertEquals("/s", bySource.key());
    for (Event e : List.of(byKafkaKey, bySource)) {
      Event back = CoderUtils.clone(EventCoder.of(), e);
      assertEquals(e, back);
      assertEquals(e.key(), back.key());
      assertEquals(null, back.subject());
      assertEquals(null, back.dataContentType());
      assertEquals(Map.of(), back.extensions());
      assertEquals(e.data(), back.data());
    }
  }

  @Test
  void binaryModeDataComesBackFromTheValue() throws Exception {
    List<RawRecord.Header> headers =
        List.of(
            header("ce_specversion", "1.0"),
            header("ce_id", "b-1"),
            header("ce_source", "/gw"),
            header("ce_type", "reading"),
            header("ce_time", "2026-11-26T10:00:01Z"),
            header("ce_traceparent", "00-cd"),
            header("content-type", "application/json"));
    Event e = parse("{\"value\":7.25}", null, headers);
    assertEquals(Map.of("traceparent", "00-cd"), e.extensions());
    assertEquals("application/json", e.dataContentType());
    Event back = CoderUtils.clone(EventCoder.of(), e);
    assertEquals(e, back);
    assertEquals(7.25, back.data().get("value").doubleValue());
  }

  private static RawRecord.Header header(String name, String value) {
    return new RawRecord.Header(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
