package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IotGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static IotConfig config;
  private static List<GeneratedRecord> records;
  private static List<TruthAnomaly> truth;

  /** Each device's valid readings (no duplicates, no malformed), in event-time order. */
  private static Map<String, List<Reading>> readings;

  record Reading(Instant time, JsonNode data) {}

  @BeforeAll
  static void generate() {
    config = IotConfig.defaults(11, START).withDevices(12);
    IotGenerator generator = new IotGenerator(config);
    records = new ArrayList<>();
    generator.forEachRemaining(records::add);
    truth = generator.truth();
    readings = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (r.kind() == RecordKind.DUPLICATE || r.kind().isMalformed()) {
        continue;
      }
      JsonNode event = parse(r);
      readings
          .computeIfAbsent(r.key(), k -> new ArrayList<>())
          .add(new Reading(Instant.parse(event.get("time").asText()), event.get("data")));
    }
    readings.values().forEach(l -> l.sort(Comparator.comparing(Reading::time)));
  }

  private static JsonNode parse(GeneratedRecord r) {
    try {
      return JSON.readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sameSeedSameRecordsAndTruth() {
    IotGenerator again = new IotGenerator(config);
    int i = 0;
    while (again.hasNext()) {
      GeneratedRecord r = again.next();
      assertArrayEquals(records.get(i).value(), r.value(), "record #" + i);
      assertEquals(records.get(i).kind(), r.kind());
      i++;
    }
    assertEquals(records.size(), i);
    assertEquals(truth, again.truth());
    IotGenerator other = new IotGenerator(config.withSeed(12));
    assertFalse(java.util.Arrays.equals(records.get(0).value(), other.next().value()));
  }

  @Test
  void recordsAreStructuredSensorReadingsKeyedByDevice() {
    for (GeneratedRecord r : records.subList(0, 500)) {
      JsonNode event = parse(r);
      assertEquals("1.0", event.get("specversion").asText());
      assertEquals("sensor.reading", event.get("type").asText());
      assertEquals(r.key(), event.get("subject").asText());
      assertTrue(event.get("site").asText().startsWith("site-"), event.toString());
      assertTrue(event.get("data").isObject());
    }
  }

  @Test
  void idsAreUniqueExceptForDuplicatesWhichRepeatTheBytes() {
    Map<String, GeneratedRecord> byId = new HashMap<>();
    int duplicates = 0;
    for (GeneratedRecord r : records) {
      if (r.kind() != RecordKind.DUPLICATE) {
        assertEquals(null, byId.put(r.id(), r), "id sent twice: " + r.id());
      }
    }
    for (GeneratedRecord r : records) {
      if (r.kind() == RecordKind.DUPLICATE) {
        duplicates++;
        assertArrayEquals(byId.get(r.id()).value(), r.value());
      }
    }
    double share = duplicates / (double) records.size();
    assertTrue(share > 0.002 && share < 0.01, "duplicate share " + share);
  }

  @Test
  void feedHasItsDefects() {
    long malformed = records.stream().filter(r -> r.kind().isMalformed()).count();
    long late = records.stream().filter(r -> r.kind() == RecordKind.LATE_WITHIN).count();
    assertTrue(malformed > 0 && late > 0, "malformed " + malformed + ", late " + late);
    long missingMetric =
        readings.values().stream()
            .flatMap(List::stream)
            .filter(r -> r.data().size() < IotDevice.METRICS.size())
            .count();
    assertTrue(missingMetric > 0);
    // Out of order: some record arrives after one with a later event time.
    int overtaken = 0;
    for (int i = 1; i < records.size(); i++) {
      if (records.get(i).eventTime().isBefore(records.get(i - 1).eventTime())) {
        overtaken++;
      }
    }
    assertTrue(overtaken > 100, "overtaken " + overtaken);
  }

  @Test
  void anomaliesStartAfterWarmUpAndNeverOverlapOnADevice() {
    assertTrue(truth.size() >= config.devices() * 3, "anomalies " + truth.size());
    Set<AnomalyKind> kinds = new HashSet<>();
    Map<String, Instant> lastEnd = new HashMap<>();
    for (TruthAnomaly a : truth) {
      kinds.add(a.kind());
      assertFalse(a.start().isBefore(START.plus(Duration.ofHours(6))), a.toString());
      Instant previous = lastEnd.get(a.device());
      assertTrue(previous == null || previous.isBefore(a.start()), a.toString());
      lastEnd.put(a.device(), a.end());
    }
    assertEquals(Set.of(AnomalyKind.values()), kinds);
  }

  @Test
  void silencesHaveNoReadingsOfTheirDevice() {
    for (TruthAnomaly a : kind(AnomalyKind.SILENCE)) {
      assertEquals("*", a.metric());
      assertTrue(Duration.between(a.start(), a.end()).toMinutes() >= 18, a.toString());
      for (GeneratedRecord r : records) {
        if (r.key().equals(a.device()) && r.eventTime() != null) {
          assertTrue(
              r.eventTime().isBefore(a.start()) || r.eventTime().isAfter(a.end()),
              a + " has " + r.valueUtf8());
        }
      }
    }
  }

  @Test
  void stuckMetricsRepeatOneValue() {
    for (TruthAnomaly a : kind(AnomalyKind.STUCK)) {
      Set<Double> values = new HashSet<>();
      for (Reading r : window(a, a.start(), a.end())) {
        if (r.data().has(a.metric())) {
          values.add(r.data().get(a.metric()).asDouble());
        }
      }
      assertEquals(1, values.size(), a + " values " + values);
      assertTrue(window(a, a.start(), a.end()).size() >= 25, a.toString());
    }
  }

  @Test
  void spikesStandFarFromTheirNeighbours() {
    for (TruthAnomaly a : kind(AnomalyKind.SPIKE)) {
      List<Reading> around =
          window(
              a, a.start().minus(Duration.ofMinutes(15)), a.start().plus(Duration.ofMinutes(15)));
      double spike = Double.NaN;
      List<Double> neighbours = new ArrayList<>();
      for (Reading r : around) {
        double v = r.data().path(a.metric()).asDouble(Double.NaN);
        if (r.time().equals(a.start())) {
          spike = v;
        } else if (!Double.isNaN(v)) {
          neighbours.add(v);
        }
      }
      double mean = neighbours.stream().mapToDouble(d -> d).average().orElseThrow();
      double spread = neighbours.stream().mapToDouble(d -> Math.abs(d - mean)).max().orElseThrow();
      assertTrue(Math.abs(spike - mean) > 2 * spread, a + ": " + spike + " vs " + neighbours);
    }
  }

  @Test
  void varianceChangesWidenTheNoise() {
    for (TruthAnomaly a : kind(AnomalyKind.VARIANCE_CHANGE)) {
      Duration length = Duration.between(a.start(), a.end());
      double inside = roughness(window(a, a.start(), a.end()), a.metric());
      double before = roughness(window(a, a.start().minus(length), a.start()), a.metric());
      assertTrue(inside > 2.5 * before, a + ": " + inside + " vs " + before);
    }
  }

  @Test
  void levelShiftsMoveTheLevel() {
    for (TruthAnomaly a : kind(AnomalyKind.LEVEL_SHIFT)) {
      Duration half = Duration.ofMinutes(15);
      List<Reading> before = window(a, a.start().minus(half), a.start().minusMillis(1));
      List<Reading> after = window(a, a.start(), a.start().plus(half));
      double jump = Math.abs(mean(after, a.metric()) - mean(before, a.metric()));
      double noise = roughness(before, a.metric());
      assertTrue(jump > 2 * noise, a + ": jump " + jump + ", noise " + noise);
    }
  }

  private static List<TruthAnomaly> kind(AnomalyKind kind) {
    List<TruthAnomaly> out = truth.stream().filter(a -> a.kind() == kind).toList();
    assertFalse(out.isEmpty(), "no " + kind);
    return out;
  }

  private static List<Reading> window(TruthAnomaly a, Instant from, Instant to) {
    return readings.get(a.device()).stream()
        .filter(r -> !r.time().isBefore(from) && !r.time().isAfter(to))
        .toList();
  }

  private static double mean(List<Reading> rs, String metric) {
    return rs.stream()
        .filter(r -> r.data().has(metric))
        .mapToDouble(r -> r.data().get(metric).asDouble())
        .average()
        .orElseThrow();
  }

  /** Mean absolute step between consecutive readings: noise, mostly free of the slow cycle. */
  private static double roughness(List<Reading> rs, String metric) {
    List<Double> v =
        rs.stream()
            .filter(r -> r.data().has(metric))
            .map(r -> r.data().get(metric).asDouble())
            .toList();
    double sum = 0;
    for (int i = 1; i < v.size(); i++) {
      sum += Math.abs(v.get(i) - v.get(i - 1));
    }
    return sum / Math.max(1, v.size() - 1);
  }
}
