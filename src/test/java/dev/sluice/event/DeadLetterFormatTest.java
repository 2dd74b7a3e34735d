package dev.sluice.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadLetterFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static DeadLetter deadLetter(byte[] value) {
    RawRecord r =
        new RawRecord(
            "events",
            2,
            41,
            1000,
            "k".getBytes(StandardCharsets.UTF_8),
            value,
            List.of(new RawRecord.Header("trace", "t1".getBytes(StandardCharsets.UTF_8))));
    return new DeadLetter(
        r, "not JSON: x".repeat(200), "parse", Instant.parse("2026-12-02T00:00:00Z"));
  }

  private static String header(RawRecord r, String name) {
    return new String(r.header(name), StandardCharsets.UTF_8);
  }

  @Test
  void rawIsTheOriginalRecordWithTheContextInHeaders() {
    byte[] value = new byte[900 * 1024];
    new Random(1).nextBytes(value);
    RawRecord out = DeadLetterFormat.raw().toRecord(deadLetter(value));
    assertArrayEquals(value, out.value());
    assertEquals("k", new String(out.key(), StandardCharsets.UTF_8));
    assertEquals("t1", header(out, "trace"));
    assertEquals("parse", header(out, DeadLetterFormat.STAGE));
    assertEquals("events", header(out, DeadLetterFormat.TOPIC));
    assertEquals("2", header(out, DeadLetterFormat.PARTITION));
    assertEquals("41", header(out, DeadLetterFormat.OFFSET));
    assertEquals("2026-12-02T00:00:00Z", header(out, DeadLetterFormat.TIMESTAMP));
    // A long reason is cut, so headers stay small.
    assertTrue(header(out, DeadLetterFormat.REASON).startsWith("not JSON: x"));
    assertTrue(header(out, DeadLetterFormat.REASON).length() <= 1003);
  }

  @Test
  void jsonCapsTheEmbeddedOriginalAndSaysSo() throws Exception {
    byte[] random = new byte[900 * 1024];
    new Random(2).nextBytes(random);
    RawRecord out = DeadLetterFormat.json(1000).toRecord(deadLetter(random));
    JsonNode json = JSON.readTree(out.value());
    assertTrue(json.get("truncated").asBoolean());
    assertEquals(random.length, json.get("originalBytes").asInt());
    assertEquals("base64", json.get("rawValueEncoding").asText());
    byte[] embedded = Base64.getDecoder().decode(json.get("rawValue").asText());
    assertEquals(1000, embedded.length);
    assertArrayEquals(java.util.Arrays.copyOf(random, 1000), embedded);
    assertTrue(out.value().length < 4000, "JSON of " + out.value().length + " bytes");
    assertEquals("parse", header(out, DeadLetterFormat.STAGE));

    // Text is cut on a character boundary: 'é' is two bytes.
    byte[] text = "é".repeat(1000).getBytes(StandardCharsets.UTF_8);
    JsonNode cut = JSON.readTree(DeadLetterFormat.json(101).toRecord(deadLetter(text)).value());
    assertEquals("é".repeat(50), cut.get("rawValue").asText());
    assertEquals("utf8", cut.get("rawValueEncoding").asText());

    JsonNode whole = JSON.readTree(DeadLetterFormat.json(5000).toRecord(deadLetter(text)).value());
    assertFalse(whole.get("truncated").asBoolean());
    assertEquals("é".repeat(1000), whole.get("rawValue").asText());
  }

  @Test
  void unknownFormatsAndCapsAreRefusedNamingTheFlag() {
    assertTrue(DeadLetterFormat.of("json", 10).isJson());
    assertFalse(DeadLetterFormat.of("raw", 10).isJson());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DeadLetterFormat.of("avro", 10))
            .getMessage()
            .startsWith("--deadLetterFormat"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DeadLetterFormat.of("json", 0))
            .getMessage()
            .startsWith("--deadLetterJsonMaxBytes"));
  }
}
