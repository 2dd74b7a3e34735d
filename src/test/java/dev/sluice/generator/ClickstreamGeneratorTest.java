package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final long GAP = 30 * 60_000L;

  private static ClickstreamConfig config;
  private static ClickstreamGenerator generator;
  private static List<GeneratedRecord> records;

  /** Each user's truth clicks in event-time order. */
  private static Map<String, List<Click>> clicks;

  @BeforeAll
  static void generate() {
    config = ClickstreamConfig.defaults(7, 400, START);
    generator = new ClickstreamGenerator(config);
    records = new ArrayList<>();
    generator.forEachRemaining(records::add);
    clicks = new HashMap<>();
    for (ClickstreamGenerator.TruthClick t : generator.truth()) {
      clicks.computeIfAbsent(t.click().user(), u -> new ArrayList<>()).add(t.click());
    }
    clicks.values().forEach(l -> l.sort((a, b) -> Long.compare(a.timeMillis(), b.timeMillis())));
  }

  @Test
  void sameSeedSameRecordsAndTruth(@TempDir Path dir) throws Exception {
    ClickstreamGenerator again = new ClickstreamGenerator(config);
    int i = 0;
    while (again.hasNext()) {
      GeneratedRecord r = again.next();
      assertArrayEquals(records.get(i).value(), r.value(), "record #" + i);
      assertEquals(records.get(i).kind(), r.kind());
      assertEquals(records.get(i).key(), r.key());
      i++;
    }
    assertEquals(records.size(), i);
    ClickstreamTruthWriter.write(generator, dir.resolve("a.jsonl"));
    ClickstreamTruthWriter.write(again, dir.resolve("b.jsonl"));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.jsonl")), Files.readAllBytes(dir.resolve("b.jsonl")));
    ClickstreamGenerator other = new ClickstreamGenerator(config.withSeed(8));
    assertFalse(java.util.Arrays.equals(records.get(0).value(), other.next().value()));
  }

  @Test
  void defectsAtTheirRates() {
    long total = records.size();
    long malformed = records.stream().filter(r -> r.kind().isMalformed()).count();
    long duplicates = records.stream().filter(r -> r.kind() == RecordKind.DUPLICATE).count();
    long late = records.stream().filter(r -> r.kind() == RecordKind.LATE_WITHIN).count();
    long bridges = generator.counts().bridges();
    assertTrue(total > 10_000, "a day of 400 users and 4 bots: " + total);
    assertRate("malformed", malformed, total, 0.0003, 0.0025);
    assertRate("duplicates", duplicates, total, 0.003, 0.008);
    assertRate("late (bridges aside)", late - bridges, total, 0.003, 0.008);
    assertTrue(bridges >= 20, "session-merging clicks: " + bridges);
    // Ordinary disorder stays within 3 s of the latest event time sent so far.
    long max = Long.MIN_VALUE / 2;
    for (GeneratedRecord r : records) {
      if (r.kind() == RecordKind.ON_TIME) {
        long t = r.eventTime().toEpochMilli();
        assertTrue(t > max - 3_000, "on-time record " + r.id() + " more than 3 s behind");
        max = Math.max(max, t);
      }
    }
  }

  @Test
  void truthIsEveryValidEventOnce() throws Exception {
    Set<String> ids = new HashSet<>();
    for (ClickstreamGenerator.TruthClick t : generator.truth()) {
      assertTrue(ids.add(t.id()), "twice in the truth: " + t.id());
    }
    for (GeneratedRecord r : records) {
      if (r.kind().isMalformed()) {
        assertFalse(ids.contains(r.id()), "malformed in the truth: " + r.id());
        assertNull(r.eventTime());
      } else {
        assertTrue(ids.contains(r.id()), "valid but not in the truth: " + r.id());
        JsonNode event = JSON.readTree(r.value());
        assertEquals(r.key(), event.get("subject").asText());
        assertEquals(r.eventTime().toString(), event.get("time").asText());
      }
    }
  }

  @Test
  void scriptsDoWhatTheySay() {
    Map<ShopperScript, Integer> users = new HashMap<>();
    generator.labels().values().forEach(s -> users.merge(s, 1, Integer::sum));
    for (ShopperScript s : ShopperScript.values()) {
      assertTrue(users.getOrDefault(s, 0) > 0, "no user scripted " + s);
    }
    boolean slowStep = false;
    for (Map.Entry<String, ShopperScript> e : generator.labels().entrySet()) {
      List<Click> trail = clicks.getOrDefault(e.getKey(), List.of());
      Set<String> types = new HashSet<>();
      trail.forEach(c -> types.add(c.type()));
      switch (e.getValue()) {
        case BROWSER -> assertEquals(Set.of(Click.PAGE_VIEW), types, e.getKey());
        case BUYER, RETURNING -> assertTrue(types.contains(Click.PURCHASE), e.getKey());
        case ABANDONER -> {
          assertTrue(types.contains(Click.ADD_TO_CART), e.getKey());
          assertFalse(types.contains(Click.PURCHASE), e.getKey());
        }
        case BOT -> {
          assertEquals(Set.of(Click.PAGE_VIEW), types, e.getKey());
          assertTrue(busiestMinute(trail) >= 200, e.getKey() + ": " + busiestMinute(trail));
        }
        case SLOW -> slowStep |= hasPause(trail, config.stepTimeout().toMillis());
        default -> {}
      }
    }
    assertTrue(slowStep, "no slow user paused beyond the step timeout");
  }

  @Test
  void bridgesSitInAGapWithinOneGapOfBothVisits() {
    int seen = 0;
    for (List<Click> trail : clicks.values()) {
      for (int i = 1; i + 1 < trail.size(); i++) {
        if (trail.get(i).bridge()) {
          long before = trail.get(i - 1).timeMillis();
          long at = trail.get(i).timeMillis();
          long after = trail.get(i + 1).timeMillis();
          assertTrue(after - before >= GAP, "the visits must be a gap apart without it");
          assertTrue(at - before < GAP && after - at < GAP, "the bridge must reach both");
          seen++;
        }
      }
    }
    assertEquals(generator.counts().bridges(), seen);
  }

  private static boolean hasPause(List<Click> trail, long millis) {
    for (int i = 1; i < trail.size(); i++) {
      if (trail.get(i).timeMillis() - trail.get(i - 1).timeMillis() >= millis) {
        return true;
      }
    }
    return false;
  }

  private static int busiestMinute(List<Click> trail) {
    Map<Long, Integer> perMinute = new HashMap<>();
    trail.forEach(c -> perMinute.merge(c.timeMillis() / 60_000, 1, Integer::sum));
    return perMinute.values().stream().max(Integer::compare).orElse(0);
  }

  private static void assertRate(String what, long n, long total, double min, double max) {
    double rate = n / (double) total;
    assertTrue(rate >= min && rate <= max, what + ": " + n + " of " + total + " = " + rate);
  }
}
