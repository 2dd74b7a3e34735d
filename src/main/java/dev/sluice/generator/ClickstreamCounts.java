package dev.sluice.generator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The valid events of a clickstream run by type, and the clicks sent late to merge sessions. */
public final class ClickstreamCounts {

  private final Map<String, Long> byType = new LinkedHashMap<>();
  long bridges;

  ClickstreamCounts() {
    for (String type : Click.TYPES) {
      byType.put(type, 0L);
    }
  }

  void event(Click c) {
    byType.merge(c.type(), 1L, Long::sum);
  }

  /** Valid events of a type (each once: repeats and malformed records not counted). */
  public long events(String type) {
    return byType.getOrDefault(type, 0L);
  }

  /** Clicks scripted between two visits and sent late, so that they merge the two sessions. */
  public long bridges() {
    return bridges;
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder("valid events by type\n");
    long all = 0;
    for (Map.Entry<String, Long> e : byType.entrySet()) {
      sb.append(String.format("  %-22s %10d%n", e.getKey(), e.getValue()));
      all += e.getValue();
    }
    sb.append(String.format("  %-22s %10d%n", "TOTAL", all));
    sb.append(String.format("%-24s %10d%n", "session-merging clicks", bridges));
    return sb.toString();
  }
}
