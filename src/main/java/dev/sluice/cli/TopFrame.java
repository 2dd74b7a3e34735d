package dev.sluice.cli;

import dev.sluice.kit.WatermarkReport;
import dev.sluice.time.PartitionProgress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One screen of {@code sluice top}: per pipeline each counter with its rate since the previous
 * scrape, then each input partition's watermark, how far it trails the wall clock and the leading
 * partition, and its consumer lag.
 */
final class TopFrame {

  private TopFrame() {}

  /**
   * @param previous the scrape {@code seconds} before {@code current} (empty: no rates yet)
   */
  static String render(
      String source,
      Instant now,
      List<ScrapedRun> current,
      List<ScrapedRun> previous,
      double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("sluice top  %s  %s%n", source, now.toString()));
    if (current.isEmpty()) {
      sb.append(String.format("  no Sluice metrics yet (the job has not reported any)%n"));
    }
    for (ScrapedRun run : current) {
      Map<String, Long> before =
          previous.stream()
              .filter(p -> p.pipeline().equals(run.pipeline()))
              .findFirst()
              .map(ScrapedRun::counters)
              .orElse(Map.of());
      sb.append(String.format("%n%s%n", run.pipeline()));
      sb.append(String.format("  %-26s %14s %10s%n", "counter", "total", "per s"));
      run.counters()
          .forEach(
              (name, value) -> {
                Long then = before.get(name);
                String rate =
                    then == null || seconds <= 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.1f", (value - then) / seconds);
                sb.append(String.format("  %-26s %14d %10s%n", name, value, rate));
              });
      if (!run.partitions().isEmpty()) {
        int width =
            Math.max(
                9, run.partitions().stream().mapToInt(p -> p.partition().length()).max().orElse(0));
        sb.append(
            String.format(
                "  %-" + width + "s  %-24s  %10s  %8s  %10s%n",
                "partition",
                "watermark (UTC)",
                "behind now",
                "skew",
                "lag"));
        for (PartitionProgress p : run.partitions()) {
          Long wm = p.watermarkMillis();
          sb.append(
              String.format(
                  "  %-" + width + "s  %-24s  %10s  %8s  %10s%n",
                  p.partition(),
                  wm == null ? "none yet" : Instant.ofEpochMilli(wm).toString(),
                  wm == null ? "-" : behind(now.toEpochMilli() - wm),
                  p.skewMillis() == null ? "-" : WatermarkReport.duration(p.skewMillis()),
                  p.lagRecords() == null ? "-" : p.lagRecords()));
        }
        sb.append(
            String.format(
                "  (skew: behind the leading partition's watermark; lag: records not yet read)%n"));
      }
    }
    return sb.toString();
  }

  private static String behind(long millis) {
    return millis < 0 ? "-" + WatermarkReport.duration(-millis) : WatermarkReport.duration(millis);
  }
}
