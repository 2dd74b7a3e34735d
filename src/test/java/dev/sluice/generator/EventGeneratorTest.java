package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
  private static final int N = 20_000;

  private static GeneratorConfig config;
  private static List<GeneratedRecord> records;

  @BeforeAll
  static void generate() {
    config = GeneratorConfig.builder().seed(7).count(N).startTime(START).build();
    records = EventGenerator.stream(config).collect(Collectors.toList());
  }

  private static List<GeneratedRecord> generate(long seed, int count) {
    return EventGenerator.stream(config.toBuilder().seed(seed).count(count).build())
        .collect(Collectors.toList());
  }

  @Test
  void sameSeedGivesIdenticalBytes() {
    List<GeneratedRecord> again = generate(7, N);
    assertEquals(records.size(), again.size());
    for (int i = 0; i < N; i++) {
      GeneratedRecord a = records.get(i);
      GeneratedRecord b = again.get(i);
      assertEquals(a.key(), b.key(), "key of #" + i);
      assertArrayEquals(a.value(), b.value(), "value of #" + i);
      assertEquals(a.kind(), b.kind());
      assertEquals(a.headers().size(), b.headers().size());
      for (int h = 0; h < a.headers().size(); h++) {
        assertEquals(a.headers().get(h).name(), b.headers().get(h).name());
        assertArrayEquals(a.headers().get(h).value(), b.headers().get(h).value());
      }
    }
  }

  @Test
  void differentSeedGivesDifferentRecords() {
    List<GeneratedRecord> other = generate(8, 1000);
    long differing = 0;
    for (int i = 0; i < other.size(); i++) {
      if (!Arrays.equals(records.get(i).value(), other.get(i).value())) {
        differing++;
      }
    }
    assertTrue(differing > 900, "only " + differing + " of 1000 records differ");
  }

  @Test
  void countsMatchTheShares() {
    RecordCounts counts = RecordCounts.of(records);
    assertEquals(N, counts.total());
    assertShare(counts.get(RecordKind.LATE_WITHIN), config.lateWithinShare());
    assertShare(counts.get(RecordKind.LATE_BEYOND), config.lateBeyondShare());
    assertShare(counts.get(RecordKind.DUPLICATE), config.duplicateShare());
    assertShare(counts.malformed(), config.malformedShare());
    // Round robin: the four malformed classes differ by at most one.
    long[] perClass =
        Arrays.stream(RecordKind.values())
            .filter(RecordKind::isMalformed)
            .mapToLong(counts::get)
            .toArray();
    assertTrue(
        Arrays.stream(perClass).max().getAsLong() - Arrays.stream(perClass).min().getAsLong() <= 1,
        Arrays.toString(perClass));
    long events =
        records.stream().filter(r -> r.isEvent() && r.kind() != RecordKind.DUPLICATE).count();
    assertShare(
        counts.binary()
            - records.stream().filter(r -> r.kind() == RecordKind.DUPLICATE && r.binary()).count(),
        config.binaryShare() * events / N);
    // Hot keys: 1 of 100 subjects gets about hotKeyShare of the events.
    long hot = records.stream().filter(r -> "device-0".equals(r.key()) && r.isEvent()).count();
    long valid = records.stream().filter(GeneratedRecord::isEvent).count();
    assertEquals(config.hotKeyShare(), hot / (double) valid, 0.02);
    assertEquals(
        100, records.stream().map(GeneratedRecord::key).filter(k -> k != null).distinct().count());
  }

  /**
   * Within 4 binomial standard deviations (plus one record), far from flaky for a fixed seed
   * anyway.
   */
  private static void assertShare(long actual, double share) {
    double expected = share * N;
    double tolerance = 4 * Math.sqrt(N * share * (1 - share)) + 1;
    assertEquals(expected, actual, tolerance, "count " + actual + " vs share " + share);
  }

  @Test
  void onTimeEventsStayWithinTheDisorderBound() {
    long bound = config.maxOutOfOrderness().toMillis();
    long max = Long.MIN_VALUE;
    long disordered = 0;
    Instant last = config.startTime().plus(config.span());
    for (GeneratedRecord r : records) {
      if (r.kind() != RecordKind.ON_TIME) {
        continue;
      }
      long t = r.eventTime().toEpochMilli();
      if (max != Long.MIN_VALUE) {
        assertTrue(t >= max - bound, "on-time event " + (max - t) + " ms behind the max");
        if (t < max) {
          disordered++;
        }
      }
      assertFalse(
          r.eventTime().isBefore(START) || r.eventTime().isAfter(last), r.eventTime().toString());
      max = Math.max(max, t);
    }
    assertTrue(disordered > N / 10, "expected real disorder, got " + disordered);
  }

  @Test
  void lateEventsRespectTheirBounds() {
    long window = config.window().toMillis();
    long ooo = config.maxOutOfOrderness().toMillis();
    long lateness = config.allowedLateness().toMillis();
    long max = START.toEpochMilli();
    int within = 0;
    int beyond = 0;
    for (GeneratedRecord r : records) {
      long t = r.isEvent() ? r.eventTime().toEpochMilli() : 0;
      long behind = max - t;
      switch (r.kind()) {
        case ON_TIME -> max = Math.max(max, t);
        case LATE_WITHIN -> {
          within++;
          assertTrue(
              behind > window + ooo && behind <= window + lateness / 2,
              "LATE_WITHIN " + behind + " ms behind");
          // With watermark = max - ooo the window has closed, but not beyond allowed lateness.
          long windowEnd = Math.floorDiv(t, window) * window + window;
          long watermark = max - ooo;
          assertTrue(
              watermark >= windowEnd && watermark <= windowEnd + lateness,
              "window end vs watermark");
        }
        case LATE_BEYOND -> {
          beyond++;
          assertTrue(
              behind > window + lateness + ooo + 10_000,
              "LATE_BEYOND only " + behind + " ms behind");
          long windowEnd = Math.floorDiv(t, window) * window + window;
          assertTrue(max - ooo > windowEnd + lateness, "LATE_BEYOND still within allowed lateness");
        }
        default -> {}
      }
    }
    assertTrue(within > 0 && beyond > 0);
  }

  @Test
  void duplicatesRepeatAnEarlierEventByteForByte() {
    Map<String, GeneratedRecord> seen = new HashMap<>();
    int duplicates = 0;
    for (GeneratedRecord r : records) {
      if (!r.isEvent()) {
        continue;
      }
      String sourceAndId = r.source() + "|" + r.id();
      GeneratedRecord earlier = seen.putIfAbsent(sourceAndId, r);
      if (r.kind() == RecordKind.DUPLICATE) {
        duplicates++;
        assertNotNull(earlier, "duplicate of an event never sent: " + sourceAndId);
        assertArrayEquals(earlier.value(), r.value());
        assertEquals(earlier.key(), r.key());
        assertEquals(earlier.eventTime(), r.eventTime());
        assertEquals(earlier.headers().size(), r.headers().size());
        for (int h = 0; h < r.headers().size(); h++) {
          assertArrayEquals(earlier.headers().get(h).value(), r.headers().get(h).value());
        }
      } else {
        assertNull(earlier, "non-duplicate reuses " + sourceAndId);
      }
    }
    assertTrue(duplicates > 0);
  }

  @Test
  void malformedRecordsHaveTheirDefect() {
    Set<RecordKind> seen = new HashSet<>();
    for (GeneratedRecord r : records) {
      if (!r.kind().isMalformed()) {
        continue;
      }
      seen.add(r.kind());
      assertNull(r.eventTime());
      if (r.kind() == RecordKind.MALFORMED_NOT_JSON) {
        assertThrows(IOException.class, () -> JSON.readTree(r.value()), r.valueUtf8());
        continue;
      }
      JsonNode root = parse(r);
      assertEquals("1.0", root.path("specversion").asText());
      switch (r.kind()) {
        case MALFORMED_MISSING_TIME -> {
          assertFalse(root.has("time"));
          assertTrue(root.path("data").path("value").isNumber());
        }
        case MALFORMED_MISSING_DATA -> {
          assertFalse(root.has("data"));
          assertTrue(root.path("time").isTextual());
        }
        case MALFORMED_WRONG_TYPES -> {
          boolean timeNotText = root.has("time") && !root.get("time").isTextual();
          boolean valueNotNumber = !root.path("data").path("value").isNumber();
          assertTrue(timeNotText ^ valueNotNumber, r.valueUtf8());
        }
        default -> fail(r.kind().name());
      }
    }
    assertEquals(4, seen.size(), seen.toString());
  }

  @Test
  void structuredEventsAreValidCloudEvents() {
    for (GeneratedRecord r : records) {
      if (!r.isEvent() || r.binary()) {
        continue;
      }
      assertEquals(1, r.headers().size());
      assertEquals("content-type", r.headers().get(0).name());
      assertEquals("application/cloudevents+json", r.headers().get(0).valueUtf8());
      JsonNode root = parse(r);
      assertEquals("1.0", root.get("specversion").asText());
      assertEquals(r.id(), root.get("id").asText());
      assertEquals(r.source(), root.get("source").asText());
      assertEquals("sensor.reading", root.get("type").asText());
      assertEquals(r.key(), root.get("subject").asText());
      String time = root.get("time").asText();
      assertTrue(time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), time);
      assertEquals(r.eventTime(), Instant.parse(time));
      assertEquals(r.dataValue(), root.get("data").get("value").doubleValue());
      assertTrue(r.dataValue() > -40 && r.dataValue() < 85);
    }
  }

  @Test
  void binaryEventsReadBackWithTheSdk() {
    int binary = 0;
    for (GeneratedRecord r : records) {
      if (!r.binary()) {
        continue;
      }
      binary++;
      Set<String> names =
          r.headers().stream().map(GeneratedRecord.Header::name).collect(Collectors.toSet());
      assertTrue(
          names.containsAll(
              List.of(
                  "ce_specversion",
                  "ce_id",
                  "ce_source",
                  "ce_type",
                  "ce_time",
                  "ce_subject",
                  "content-type")),
          names.toString());
      CloudEvent ce = KafkaMessageFactory.createReader(r.kafkaHeaders(), r.value()).toEvent();
      assertEquals("1.0", ce.getSpecVersion().toString());
      assertEquals(r.id(), ce.getId());
      assertEquals(r.source(), ce.getSource().toString());
      assertEquals(r.key(), ce.getSubject());
      assertEquals("application/json", ce.getDataContentType());
      assertEquals(r.eventTime(), ce.getTime().toInstant());
      JsonNode data = readTree(ce.getData().toBytes());
      assertEquals(r.dataValue(), data.get("value").doubleValue());
    }
    assertTrue(binary > 0);
  }

  @Test
  void jsonLinesCarryKindKeyValueAndHeaders() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<GeneratedRecord> some = records.subList(0, 2000);
    try (JsonLinesWriter writer = new JsonLinesWriter(bytes)) {
      some.forEach(writer);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(some.size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      JsonNode line = JSON.readTree(lines[i]);
      GeneratedRecord r = some.get(i);
      assertEquals(r.kind().name(), line.get("kind").asText());
      assertEquals(r.valueUtf8(), line.get("valueUtf8").asText());
      assertEquals(r.headers().size(), line.get("headers").size());
    }
  }

  @Test
  void pumpPacesToTheRate() {
    List<GeneratedRecord> sent = new java.util.ArrayList<>();
    long t0 = System.nanoTime();
    RecordCounts counts =
        RecordPump.run(records.subList(0, 300).iterator(), 300, 1000, null, sent::add);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(300, counts.total());
    assertEquals(records.subList(0, 300), sent);
    assertTrue(seconds >= 0.29, "300 records at 1000/s took only " + seconds + " s");
  }

  @Test
  void rejectsImpossibleConfigs() {
    assertThrows(
        IllegalArgumentException.class,
        () -> config.toBuilder().duplicateShare(0.6).malformedShare(0.6).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> config.toBuilder().allowedLateness(Duration.ofSeconds(4)).build());
    config.toBuilder().allowedLateness(Duration.ofSeconds(4)).lateWithinShare(0).build();
  }

  @Test
  void defaultStartTimeEndsTheSpanAboutNow() {
    GeneratorConfig c = GeneratorConfig.builder().count(1000).build();
    Instant end = c.startTime().plus(c.span());
    assertTrue(Duration.between(end, Instant.now()).abs().getSeconds() < 5, end.toString());
  }

  private static JsonNode parse(GeneratedRecord r) {
    return readTree(r.value());
  }

  private static JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError(new String(bytes, StandardCharsets.UTF_8), e);
    }
  }
}
