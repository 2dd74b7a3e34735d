package dev.sluice.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.time.PartitionProgress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's counters as last scraped, and each input partition's consumer lag and watermark skew
 * over the last {@code samples} scrapes. These are operational gauges, so they are drawn against
 * the dashboard's clock (when they were read); the results' charts stay on event time.
 */
final class MetricsHistory {

  private record Sample(long at, Long lagRecords, Long skewMillis) {}

  private final RunMetrics.Source source;
  private final int samples;
  private final Map<String, Deque<Sample>> partitions = new TreeMap<>();
  private Map<String, Long> counters = new LinkedHashMap<>();
  private String error;

  MetricsHistory(RunMetrics.Source source, int samples) {
    this.source = source;
    this.samples = samples;
  }

  /** One scrape; a run that stopped answering is shown as such, and the last figures stay. */
  void scrape(long nowMillis) {
    RunMetrics m;
    try {
      m = source.read();
    } catch (IllegalStateException e) {
      synchronized (this) {
        error = e.getMessage();
      }
      return;
    }
    synchronized (this) {
      error = null;
      counters = new LinkedHashMap<>(m.counters());
      for (PartitionProgress p : m.partitions()) {
        Deque<Sample> history = partitions.computeIfAbsent(p.partition(), k -> new ArrayDeque<>());
        history.addLast(new Sample(nowMillis, p.lagRecords(), p.skewMillis()));
        if (history.size() > samples) {
          history.removeFirst();
        }
      }
    }
  }

  synchronized ObjectNode render() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    out.put("source", source.describe());
    if (error != null) {
      out.put("error", error);
    }
    ObjectNode c = out.putObject("counters");
    counters.forEach(c::put);
    ArrayNode parts = out.putArray("partitions");
    partitions.forEach(
        (name, history) -> {
          ObjectNode p = parts.addObject();
          p.put("name", name);
          ArrayNode lag = p.putArray("lag");
          ArrayNode skew = p.putArray("skew");
          for (Sample s : history) {
            if (s.lagRecords() != null) {
              lag.addArray().add(s.at()).add(s.lagRecords());
            }
            if (s.skewMillis() != null) {
              skew.addArray().add(s.at()).add(s.skewMillis());
            }
          }
        });
    return out;
  }
}
