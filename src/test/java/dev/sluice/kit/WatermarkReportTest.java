package dev.sluice.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.time.PartitionProgress;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;

/** Partition gauges to partitions with skew, and how the summary and progress line show them. */
class WatermarkReportTest {

  static final long T0 = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();

  static Map<String, Long> gauges(long... watermarkOffsetsAndLags) {
    Map<String, Long> g = new HashMap<>();
    for (int i = 0; i < watermarkOffsetsAndLags.length / 2; i++) {
      g.put(
          PartitionProgress.gaugeName(PartitionProgress.WATERMARK, "events", i),
          T0 + watermarkOffsetsAndLags[2 * i]);
      g.put(
          PartitionProgress.gaugeName(PartitionProgress.LAG, "events", i),
          watermarkOffsetsAndLags[2 * i + 1]);
    }
    return g;
  }

  @Test
  void skewIsHowFarAPartitionTrailsTheLeadingOne() {
    Map<String, Long> g = gauges(49_000, 0, 9_000, 12, 49_000, 0);
    g.put(PartitionProgress.gaugeName(PartitionProgress.LAG, "events", 10), 7L);
    g.put("records_read", 99L);
    List<PartitionProgress> p = PartitionProgress.fromGauges(g);
    assertEquals(
        List.of(
            new PartitionProgress("events-0", T0 + 49_000, 0L, 0L),
            new PartitionProgress("events-1", T0 + 9_000, 40_000L, 12L),
            new PartitionProgress("events-2", T0 + 49_000, 0L, 0L),
            new PartitionProgress("events-10", null, null, 7L)),
        p);
  }

  @Test
  void summaryLinesShowEachPartition() {
    List<PartitionProgress> p = PartitionProgress.fromGauges(gauges(49_000, 0, 9_500, 12));
    assertEquals(
        List.of(
            "events-0  watermark 2026-10-01T00:00:49Z      skew 0s       lag 0",
            "events-1  watermark 2026-10-01T00:00:09.500Z  skew 39.5s    lag 12"),
        WatermarkReport.lines(p));
  }

  @Test
  void progressListsFewPartitionsAndSummarisesMany() {
    assertEquals(
        "watermarks events-0 2026-10-01T00:00:49Z lag 0,"
            + " events-1 2026-10-01T00:00:09Z (-40s) lag 12",
        WatermarkReport.progress(PartitionProgress.fromGauges(gauges(49_000, 0, 9_000, 12))));
    assertEquals(
        "watermark 2026-10-01T00:00:09Z (slowest events-1, spread 5m00s over 6 partitions),"
            + " lag 312 (most 300 on events-4)",
        WatermarkReport.progress(
            PartitionProgress.fromGauges(
                gauges(309_000, 0, 9_000, 12, 100_000, 0, 309_000, 0, 300_000, 300, 309_000, 0))));
    assertEquals("", WatermarkReport.progress(List.of()));
  }

  @Test
  void durationsReadAtAGlance() {
    assertEquals("0s", WatermarkReport.duration(0));
    assertEquals("2.5s", WatermarkReport.duration(2_500));
    assertEquals("4m05s", WatermarkReport.duration(245_000));
    assertEquals("3h07m", WatermarkReport.duration(3 * 3600_000 + 7 * 60_000 + 5_000));
    assertEquals("2d04h", WatermarkReport.duration((2 * 24 + 4) * 3600_000L));
  }

  @Test
  void theRunSummaryEndsWithThePartitions() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put(SluiceMetrics.READ, 80L);
    RunSummary summary =
        new RunSummary(
            "events",
            "DirectRunner",
            PipelineResult.State.DONE,
            Duration.ofMillis(3200),
            counters,
            PartitionProgress.fromGauges(gauges(49_000, 0, 9_000, 0)));
    assertEquals(
        String.join(
            System.lineSeparator(),
            "events on DirectRunner: DONE in 3.2s",
            "  counters: records_read=80",
            "  partitions (skew: behind the leading partition's watermark; lag: records not yet"
                + " read):",
            "    events-0  watermark 2026-10-01T00:00:49Z      skew 0s       lag 0",
            "    events-1  watermark 2026-10-01T00:00:09Z      skew 40s      lag 0"),
        summary.format());
  }

  @Test
  void theGaugesShareTheCountersNamespace() {
    assertEquals(SluiceMetrics.NAMESPACE, PartitionProgress.NAMESPACE);
  }
}
