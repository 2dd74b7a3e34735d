package dev.sluice.kit;

import dev.sluice.time.PartitionProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;

/**
 * The per-partition watermark, skew and lag of a run ({@link PartitionProgress}), read from its
 * metrics and written for the run summary, the streaming progress line and {@code sluice jobs -v}.
 */
public final class WatermarkReport {

  /** The line above {@link #lines}: what skew and lag mean. */
  public static final String HEADING =
      "partitions (skew: behind the leading partition's watermark; lag: records not yet read):";

  /**
   * Up to this many partitions the progress line lists each; beyond, the slowest and the spread.
   */
  static final int LISTED_IN_PROGRESS = 4;

  private WatermarkReport() {}

  /** The partitions whose gauges the run has published so far (empty if the runner has none). */
  public static List<PartitionProgress> of(MetricResults metrics) {
    Map<String, GaugeResult> latest = new HashMap<>();
    for (MetricResult<GaugeResult> g : metrics.allMetrics().getGauges()) {
      if (!PartitionProgress.NAMESPACE.equals(g.getName().getNamespace())) {
        continue;
      }
      GaugeResult value = value(g);
      if (value == null || value.equals(GaugeResult.empty())) {
        continue;
      }
      // Several steps or workers may report one partition (a restart): the newest value wins.
      latest.merge(
          g.getName().getName(),
          value,
          (a, b) -> a.getTimestamp().isAfter(b.getTimestamp()) ? a : b);
    }
    Map<String, Long> values = new HashMap<>();
    latest.forEach((name, v) -> values.put(name, v.getValue()));
    return PartitionProgress.fromGauges(values);
  }

  private static GaugeResult value(MetricResult<GaugeResult> g) {
    try {
      GaugeResult committed = g.getCommitted();
      if (committed != null) {
        return committed;
      }
    } catch (UnsupportedOperationException e) {
      // Flink reports attempted values only.
    }
    return g.getAttempted();
  }

  /** One line per partition, for the end-of-run summary and {@code sluice jobs -v}. */
  public static List<String> lines(List<PartitionProgress> partitions) {
    int width = partitions.stream().mapToInt(p -> p.partition().length()).max().orElse(0);
    List<String> out = new ArrayList<>();
    for (PartitionProgress p : partitions) {
      out.add(
          String.format(
              "%-" + width + "s  watermark %-24s  skew %-7s  lag %s",
              p.partition(),
              p.watermarkMillis() == null ? "none yet" : instant(p.watermarkMillis()),
              p.skewMillis() == null ? "-" : duration(p.skewMillis()),
              p.lagRecords() == null ? "-" : p.lagRecords()));
    }
    return out;
  }

  /**
   * The progress line's part: every partition when there are few; else the job's watermark (the
   * slowest partition's), which partition that is, the spread up to the leading one and the total
   * lag with its largest share. Empty when there are no partition gauges (yet).
   */
  public static String progress(List<PartitionProgress> partitions) {
    if (partitions.isEmpty()) {
      return "";
    }
    if (partitions.size() <= LISTED_IN_PROGRESS) {
      List<String> each = new ArrayList<>();
      for (PartitionProgress p : partitions) {
        each.add(
            p.partition()
                + " "
                + (p.watermarkMillis() == null ? "no watermark" : instant(p.watermarkMillis()))
                + (p.skewMillis() == null || p.skewMillis() == 0
                    ? ""
                    : " (-" + duration(p.skewMillis()) + ")")
                + " lag "
                + (p.lagRecords() == null ? "-" : p.lagRecords()));
      }
      return "watermarks " + String.join(", ", each);
    }
    long lag =
        partitions.stream()
            .map(PartitionProgress::lagRecords)
            .filter(Objects::nonNull)
            .mapToLong(Long::longValue)
            .sum();
    PartitionProgress mostLag =
        partitions.stream()
            .filter(p -> p.lagRecords() != null)
            .max(Comparator.comparingLong(PartitionProgress::lagRecords))
            .orElse(null);
    String lagPart =
        "lag "
            + lag
            + (mostLag == null || mostLag.lagRecords() == 0
                ? ""
                : " (most " + mostLag.lagRecords() + " on " + mostLag.partition() + ")");
    List<PartitionProgress> withWatermark =
        partitions.stream().filter(p -> p.watermarkMillis() != null).toList();
    if (withWatermark.isEmpty()) {
      return partitions.size() + " partitions without a watermark yet, " + lagPart;
    }
    PartitionProgress slowest =
        withWatermark.stream().max(Comparator.comparingLong(PartitionProgress::skewMillis)).get();
    return String.format(
        "watermark %s (slowest %s, spread %s over %d partitions%s), %s",
        instant(slowest.watermarkMillis()),
        slowest.partition(),
        duration(slowest.skewMillis()),
        withWatermark.size(),
        withWatermark.size() < partitions.size()
            ? ", " + (partitions.size() - withWatermark.size()) + " without one yet"
            : "",
        lagPart);
  }

  static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /** 0s, 2.5s, 4m05s, 3h07m, 2d04h. */
  public static String duration(long millis) {
    long s = millis / 1000;
    if (s < 60) {
      return millis % 1000 == 0
          ? s + "s"
          : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format("%dd%02dh", s / 86400, (s % 86400) / 3600);
  }
}
