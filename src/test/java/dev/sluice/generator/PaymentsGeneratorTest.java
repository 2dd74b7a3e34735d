package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentsGeneratorTest {

  private static final PaymentsConfig CONFIG =
      new PaymentsConfig(
          11, 500, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(1), 0.03, "p-");

  private static List<GeneratedRecord> all(PaymentsGenerator g) {
    List<GeneratedRecord> out = new ArrayList<>();
    g.forEachRemaining(out::add);
    return out;
  }

  @Test
  void theSameSeedGivesTheSameRecordsAndTruth() {
    PaymentsGenerator a = new PaymentsGenerator(CONFIG);
    PaymentsGenerator b = new PaymentsGenerator(CONFIG);
    List<GeneratedRecord> ra = all(a);
    List<GeneratedRecord> rb = all(b);
    assertEquals(ra.size(), rb.size());
    for (int i = 0; i < ra.size(); i++) {
      assertArrayEquals(ra.get(i).value(), rb.get(i).value());
    }
    assertEquals(a.truth(), b.truth());
    List<GeneratedRecord> other = all(new PaymentsGenerator(CONFIG.withSeed(12)));
    assertTrue(
        other.size() != ra.size() || !other.get(0).valueUtf8().equals(ra.get(0).valueUtf8()));
  }

  @Test
  void everyPatternIsInjectedAndFraudIsNeverMalformedNorLate() {
    PaymentsGenerator g = new PaymentsGenerator(CONFIG);
    List<GeneratedRecord> records = all(g);
    for (FraudPattern p : FraudPattern.values()) {
      assertTrue(g.fraudCounts().getOrDefault(p, 0) > 0, p + " missing: " + g.fraudCounts());
    }
    Map<String, FraudTruth> truth = new HashMap<>();
    g.truth().forEach(t -> truth.put(t.payment(), t));
    Map<RecordKind, Integer> kinds = new EnumMap<>(RecordKind.class);
    long lastArrivalOrder = Long.MIN_VALUE;
    long maxEventTime = Long.MIN_VALUE;
    int disorder = 0;
    for (GeneratedRecord r : records) {
      kinds.merge(r.kind(), 1, Integer::sum);
      if (truth.containsKey(r.id())) {
        assertTrue(
            r.kind() == RecordKind.ON_TIME || r.kind() == RecordKind.DUPLICATE, r.toString());
        assertEquals(truth.get(r.id()).card(), r.key());
        assertEquals(truth.get(r.id()).time(), r.eventTime());
      }
      long t = r.eventTime().toEpochMilli();
      disorder += t < maxEventTime ? 1 : 0;
      maxEventTime = Math.max(maxEventTime, t);
      assertTrue(r.valueUtf8().contains("\"type\":\"payment.authorized\""));
    }
    long payments = g.payments();
    assertEquals(records.size(), payments + kinds.get(RecordKind.DUPLICATE));
    assertTrue(disorder > 0, "arrival order differs from event time somewhere");
    assertTrue(kinds.get(RecordKind.DUPLICATE) > payments * 0.002, kinds.toString());
    assertTrue(kinds.get(RecordKind.MALFORMED_WRONG_TYPES) > 0, kinds.toString());
    assertTrue(kinds.get(RecordKind.LATE_WITHIN) > 0, kinds.toString());
  }
}
