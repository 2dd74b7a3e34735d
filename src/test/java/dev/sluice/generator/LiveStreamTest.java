package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's live feeds: event time keeps up with the pump's rate (the sentinel that closes
 * the windows is placed by the wall clock), every defect occurs, and the business shapes the
 * pipelines need within minutes do: shoppers leave and come back and some buy; cards are tested
 * with bursts of tiny charges.
 */
class LiveStreamTest {

  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final double RATE = 50;
  private static final int N = 30_000;

  private record Seen(Map<RecordKind, Integer> kinds, Map<String, Integer> marks, double seconds) {}

  private static Seen read(Iterator<GeneratedRecord> feed, String... marks) {
    long newest = START.toEpochMilli();
    Map<RecordKind, Integer> kinds = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Long> lastByKey = new HashMap<>();
    for (int i = 0; i < N; i++) {
      GeneratedRecord r = feed.next();
      kinds.merge(r.kind(), 1, Integer::sum);
      if (r.kind() != RecordKind.ON_TIME) {
        continue;
      }
      long t = r.eventTime().toEpochMilli();
      newest = Math.max(newest, t);
      Long before = lastByKey.put(r.key(), t);
      if (before != null && t - before > 30_000) {
        seen.merge("pause > 30 s", 1, Integer::sum);
      }
      String json = new String(r.value(), StandardCharsets.UTF_8);
      for (String m : marks) {
        if (json.matches(".*" + m + ".*")) {
          seen.merge(m, 1, Integer::sum);
        }
      }
    }
    return new Seen(kinds, seen, (newest - START.toEpochMilli()) / 1000.0);
  }

  private static void assertLive(Seen s) {
    // The pump writes RATE records a second; event time must keep up with it within 20%.
    assertEquals(N / RATE, s.seconds(), N / RATE * 0.2, "event-time span of " + N + " records");
    for (RecordKind k : new RecordKind[] {RecordKind.DUPLICATE, RecordKind.LATE_BEYOND}) {
      assertTrue(s.kinds().getOrDefault(k, 0) > 50, k + ": " + s.kinds());
    }
    int malformed =
        s.kinds().entrySet().stream()
            .filter(e -> e.getKey().isMalformed())
            .mapToInt(Map.Entry::getValue)
            .sum();
    assertTrue(malformed > 10, s.kinds().toString());
  }

  @Test
  void shoppersLeaveAndComeBackAndSomeBuy() {
    Seen s = read(new LiveClicks(7, START, RATE, "t-"), "\"type\":\"purchase\"");
    assertLive(s);
    assertTrue(s.marks().getOrDefault("pause > 30 s", 0) > 1000, s.marks().toString());
    assertTrue(s.marks().getOrDefault("\"type\":\"purchase\"", 0) > 100, s.marks().toString());
  }

  @Test
  void cardsPayAtTheirPaceAndSomeAreTestedWithTinyCharges() {
    Seen s = read(new LivePayments(7, START, RATE, "t-"), "\"amount\":[0-2]\\.[0-9]{2},");
    assertLive(s);
    assertTrue(
        s.marks().getOrDefault("\"amount\":[0-2]\\.[0-9]{2},", 0) > 50, s.marks().toString());
  }
}
