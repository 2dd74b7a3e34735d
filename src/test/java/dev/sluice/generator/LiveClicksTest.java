package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos suite's click stream: event time follows the clock, and visits end within minutes. */
class LiveClicksTest {

  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void eventTimeAdvancesAtAboutTheRateAndVisitsAndFunnelsEnd() {
    double rate = 50;
    LiveClicks clicks = new LiveClicks(7, START, rate, "t-");
    int n = 30_000;
    long newest = START.toEpochMilli();
    Map<String, Long> lastSeen = new HashMap<>();
    Map<RecordKind, Integer> kinds = new HashMap<>();
    int visits = 0, purchases = 0;
    for (int i = 0; i < n; i++) {
      GeneratedRecord r = clicks.next();
      kinds.merge(r.kind(), 1, Integer::sum);
      if (r.eventTime() == null || r.kind() != RecordKind.ON_TIME) {
        continue;
      }
      long t = r.eventTime().toEpochMilli();
      newest = Math.max(newest, t);
      Long before = lastSeen.put(r.key(), t);
      if (before != null && t - before > 30_000) {
        visits++;
      }
      if (new String(r.value(), StandardCharsets.UTF_8).contains("\"type\":\"purchase\"")) {
        purchases++;
      }
    }
    double seconds = (newest - START.toEpochMilli()) / 1000.0;
    // The pump writes `rate` records a second; event time must keep up with it within 20%.
    assertEquals(n / rate, seconds, n / rate * 0.2, "event-time span of " + n + " records");
    assertTrue(visits > 1000, "shoppers leave and come back: " + visits);
    assertTrue(purchases > 100, "some funnels complete: " + purchases);
    assertTrue(kinds.getOrDefault(RecordKind.MALFORMED_NOT_JSON, 0) > 10, kinds.toString());
    assertTrue(kinds.getOrDefault(RecordKind.DUPLICATE, 0) > 50, kinds.toString());
    assertTrue(kinds.getOrDefault(RecordKind.LATE_BEYOND, 0) > 50, kinds.toString());
  }
}
