package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.GeneratedRecord;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An independent, plain-Java computation of what windowed-aggregate must output. */
public final class ExpectedAggregates {

  /** Running aggregate of one key and window. */
  public static final class Agg {
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(double v) {
      count++;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }

  private ExpectedAggregates() {}

  /**
   * Per "key|windowStart": the aggregate over the generated events that are valid, counted once per
   * (source, id), and not in {@code lateIdentities}.
   */
  public static Map<String, Agg> compute(
      List<GeneratedRecord> records, Duration window, Set<String> lateIdentities) {
    Map<String, Agg> expected = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    long size = window.toMillis();
    for (GeneratedRecord r : records) {
      if (!r.isEvent() || !seen.add(r.source() + "|" + r.id())) {
        continue;
      }
      if (lateIdentities.contains(r.source() + "|" + r.id())) {
        continue;
      }
      long start = Math.floorDiv(r.eventTime().toEpochMilli(), size) * size;
      expected.computeIfAbsent(r.key() + "|" + start, k -> new Agg()).add(r.dataValue());
    }
    return expected;
  }

  /** How many different (key, window, paneIndex) the results hold; a re-sent pane counts once. */
  public static long distinctPanes(List<String> resultJson) {
    return resultJson.stream()
        .map(WindowResult::fromJson)
        .map(r -> r.key() + "|" + r.windowStart() + "|" + r.paneIndex())
        .distinct()
        .count();
  }

  /** The current result per "key|windowStart": the pane with the highest index. */
  public static Map<String, WindowResult> lastPanes(List<String> resultJson) {
    return WindowResult.latestPanes(resultJson);
  }

  /**
   * Two runs' final panes hold the same windows and values (sums may differ in the last bits:
   * order).
   */
  public static void assertSameFinalPanes(
      Map<String, WindowResult> expected, Map<String, WindowResult> actual) {
    assertEquals(
        new java.util.TreeSet<>(expected.keySet()),
        new java.util.TreeSet<>(actual.keySet()),
        "windows differ");
    for (Map.Entry<String, WindowResult> e : expected.entrySet()) {
      WindowResult want = e.getValue();
      WindowResult got = actual.get(e.getKey());
      String where = e.getKey() + " " + want + " vs " + got;
      assertEquals(want.count(), got.count(), where);
      assertClose(want.sum(), got.sum(), where);
      assertEquals(want.min(), got.min(), where);
      assertEquals(want.max(), got.max(), where);
    }
  }

  public static void assertMatches(Map<String, Agg> expected, Map<String, WindowResult> actual) {
    Set<String> missing = new java.util.TreeSet<>(expected.keySet());
    missing.removeAll(actual.keySet());
    Set<String> extra = new java.util.TreeSet<>(actual.keySet());
    extra.removeAll(expected.keySet());
    assertTrue(
        missing.isEmpty() && extra.isEmpty(),
        "windows missing from the results: " + missing + "; unexpected: " + extra);
    for (Map.Entry<String, Agg> e : expected.entrySet()) {
      Agg want = e.getValue();
      WindowResult got = actual.get(e.getKey());
      String where = e.getKey() + " " + got;
      assertEquals(want.count, got.count(), where);
      assertClose(want.sum, got.sum(), where);
      assertClose(want.min, got.min(), where);
      assertClose(want.max, got.max(), where);
      assertClose(want.sum / want.count, got.avg(), where);
    }
  }

  private static void assertClose(double want, double got, String where) {
    assertTrue(
        Math.abs(want - got) <= 1e-6 * Math.max(1, Math.abs(want)),
        where + ": expected " + want + " got " + got);
  }
}
