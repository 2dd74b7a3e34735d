package dev.sluice.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.junit.jupiter.api.Test;

class PubsubRecordsTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aMessageKeepsItsBytesAttributesIdAndOrderingKey() {
    PubsubMessage message =
        new PubsubMessage(utf8("payload"), Map.of("b", "2", "a", "1"), "m-17", "order-1");
    RawRecord r = PubsubRecords.toRaw(message, "events", 1234L);
    assertEquals("events", r.topic());
    assertEquals(0, r.partition());
    assertEquals(-1, r.offset());
    assertEquals(1234L, r.kafkaTimestamp());
    assertArrayEquals(utf8("payload"), r.value());
    assertArrayEquals(utf8("order-1"), r.key());
    assertEquals(
        List.of("a", "b", PubsubRecords.MESSAGE_ID_HEADER),
        r.headers().stream().map(RawRecord.Header::name).toList(),
        "attributes sorted, then the message id");
    assertArrayEquals(utf8("m-17"), r.header(PubsubRecords.MESSAGE_ID_HEADER));
  }

  @Test
  void noAttributesNoOrderingKey() {
    RawRecord r = PubsubRecords.toRaw(new PubsubMessage(utf8("x"), null, null), "s", 0);
    assertNull(r.key());
    assertTrue(r.headers().isEmpty());
  }

  /** CloudEvents' Pub/Sub binding names attributes ce-*, its Kafka binding ce_*: both parse. */
  @Test
  void binaryModeAttributesParseAsTheKafkaBindingsHeaders() {
    PubsubMessage message =
        new PubsubMessage(
            utf8("{\"value\":4.0}"),
            Map.of(
                "ce-specversion", "1.0",
                "ce-id", "e3",
                "ce-source", "/gw",
                "ce-type", "sensor.reading",
                "ce-time", "2026-12-02T10:00:00Z",
                "content-type", "application/json"),
            "m-1");
    ParseResult parsed =
        new EventParser(Duration.ofMinutes(5)).parse(PubsubRecords.toRaw(message, "s", 0));
    assertTrue(parsed.isValid(), parsed.toString());
    assertEquals("e3", parsed.event().id());
    assertEquals(
        java.time.Instant.parse("2026-12-02T10:00:00Z").toEpochMilli(),
        parsed.event().eventTimeMillis());
  }

  @Test
  void shortName() {
    assertEquals("events", PubsubRecords.shortName("projects/p/subscriptions/events"));
  }
}
