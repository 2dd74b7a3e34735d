package dev.sluice.generator;

import java.util.EnumMap;
import java.util.Map;

/** Records counted by kind (and how many were in binary mode); not thread-safe. */
public final class RecordCounts {

  private final EnumMap<RecordKind, Long> byKind = new EnumMap<>(RecordKind.class);
  private long binary;
  private long total;

  public static RecordCounts of(Iterable<GeneratedRecord> records) {
    RecordCounts counts = new RecordCounts();
    records.forEach(counts::add);
    return counts;
  }

  public void add(GeneratedRecord record) {
    byKind.merge(record.kind(), 1L, Long::sum);
    if (record.binary()) {
      binary++;
    }
    total++;
  }

  public long get(RecordKind kind) {
    return byKind.getOrDefault(kind, 0L);
  }

  public long total() {
    return total;
  }

  public long binary() {
    return binary;
  }

  public long malformed() {
    return byKind.entrySet().stream()
        .filter(e -> e.getKey().isMalformed())
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** A short aligned table: one line per kind, then binary mode and the total. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    for (RecordKind kind : RecordKind.values()) {
      line(sb, kind.name(), get(kind));
    }
    line(sb, "(binary mode)", binary);
    line(sb, "TOTAL", total);
    return sb.toString();
  }

  private void line(StringBuilder sb, String label, long n) {
    double pct = total == 0 ? 0 : 100.0 * n / total;
    sb.append(String.format("%-24s %10d %7.2f%%%n", label, n, pct));
  }

  @Override
  public String toString() {
    return "RecordCounts" + byKind + ", binary=" + binary + ", total=" + total;
  }
}
