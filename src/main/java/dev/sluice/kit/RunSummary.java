package dev.sluice.kit;

import dev.sluice.time.PartitionProgress;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;

/**
 * How a run ended, what its counters say and where each input partition's watermark stood ({@link
 * WatermarkReport}).
 */
public record RunSummary(
    String pipeline,
    String runner,
    PipelineResult.State state,
    Duration elapsed,
    Map<String, Long> counters,
    List<PartitionProgress> partitions) {

  /** A summary without partition figures (a runner that reports no gauges). */
  public RunSummary(
      String pipeline,
      String runner,
      PipelineResult.State state,
      Duration elapsed,
      Map<String, Long> counters) {
    this(pipeline, runner, state, elapsed, counters, List.of());
  }

  /** Beam's own counter of elements a GroupByKey dropped as too late. */
  public static final String DROPPED_DUE_TO_LATENESS = "droppedDueToLateness";

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  public boolean succeeded() {
    return state == PipelineResult.State.DONE || state == PipelineResult.State.CANCELLED;
  }

  /** Each input partition's watermark, skew and lag as last reported (empty if not reported). */
  public static List<PartitionProgress> partitions(PipelineResult result) {
    try {
      return WatermarkReport.of(result.metrics());
    } catch (UnsupportedOperationException e) {
      return List.of();
    }
  }

  /** Sums the Sluice counters and Beam's late-drop counter over all steps. */
  public static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> counters = new LinkedHashMap<>();
    // Every pipeline reads, validates and dead-letters; its own counters follow as reported.
    for (String name : SluiceMetrics.COMMON) {
      counters.put(name, 0L);
    }
    MetricResults metrics;
    try {
      metrics = result.metrics();
    } catch (UnsupportedOperationException e) {
      return counters;
    }
    for (MetricResult<Long> c : metrics.allMetrics().getCounters()) {
      String namespace = c.getName().getNamespace();
      String name = c.getName().getName();
      if (SluiceMetrics.NAMESPACE.equals(namespace) || DROPPED_DUE_TO_LATENESS.equals(name)) {
        counters.merge(name, value(c), Long::sum);
      }
    }
    counters.putIfAbsent(DROPPED_DUE_TO_LATENESS, 0L);
    return ordered(counters);
  }

  /** Common counters first, then the windowed ones in pipeline order, then the rest by name. */
  private static Map<String, Long> ordered(Map<String, Long> counters) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String name : SluiceMetrics.ALL) {
      if (counters.containsKey(name)) {
        out.put(name, counters.get(name));
      }
    }
    new java.util.TreeMap<>(counters).forEach(out::putIfAbsent);
    out.remove(DROPPED_DUE_TO_LATENESS);
    out.put(DROPPED_DUE_TO_LATENESS, counters.get(DROPPED_DUE_TO_LATENESS));
    return out;
  }

  private static long value(MetricResult<Long> c) {
    try {
      Long committed = c.getCommitted();
      if (committed != null) {
        return committed;
      }
    } catch (UnsupportedOperationException e) {
      // Flink reports attempted values only.
    }
    Long attempted = c.getAttempted();
    return attempted == null ? 0 : attempted;
  }

  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%s on %s: %s in %.1fs%n", pipeline, runner, state, elapsed.toMillis() / 1000.0));
    sb.append("  counters:");
    counters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    if (!partitions.isEmpty()) {
      sb.append(String.format("%n  ")).append(WatermarkReport.HEADING);
      WatermarkReport.lines(partitions).forEach(l -> sb.append(String.format("%n    ")).append(l));
    }
    return sb.toString();
  }
}
