package dev.sluice.cli;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.JobProgress;
import dev.sluice.time.PartitionProgress;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code sluice top JOB} shows of a job on a Flink cluster, read from Flink's REST API: the
 * Sluice counters and partitions (as a {@link ScrapedRun}, so one frame format serves both modes),
 * and what only the cluster knows: tasks, back pressure per stage and the last checkpoint.
 */
final class ClusterJobView {

  private final FlinkRest rest;
  private final String jobId;
  private final String label;

  ClusterJobView(FlinkRest rest, String jobId, String label) {
    this.rest = rest;
    this.jobId = jobId;
    this.label = label;
  }

  String source() {
    return label + " on " + rest.baseUrl();
  }

  /** The job's counters summed over vertices and subtasks, and its input partitions. */
  ScrapedRun run() {
    FlinkRest.JobDetail detail =
        rest.job(jobId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "job " + label + " is not on the cluster at " + rest.baseUrl()));
    List<PartitionProgress> partitions = JobsCommand.partitions(rest, jobId, detail.vertices());
    // Flink lists Beam counters and gauges alike; the partition gauges are shown as partitions.
    Map<String, Long> counters = new LinkedHashMap<>();
    JobProgress.counters(rest, jobId, detail.vertices(), SluiceMetrics.NAMESPACE)
        .forEach(
            (name, value) -> {
              if (!name.contains("[")) {
                counters.put(name, value);
              }
            });
    return new ScrapedRun(label, ScrapedRun.ordered(counters), partitions);
  }

  /** Job state and tasks, each vertex's back pressure and records, and the checkpoints. */
  String clusterLines(Instant now) {
    StringBuilder sb = new StringBuilder();
    JobProgress.Tasks tasks = JobProgress.tasks(rest, jobId);
    sb.append(String.format("%n  job %s: %s, %s%n", jobId, tasks.jobState(), tasks));
    sb.append(String.format("  %-9s %11s %11s  %s%n", "pressure", "records in", "out", "stages"));
    for (JobProgress.VertexProgress v : JobProgress.vertices(rest, jobId)) {
      sb.append(
          String.format(
              "  %-9s %,11d %,11d  %s%n",
              v.backpressure(), v.recordsIn(), v.recordsOut(), v.stages()));
    }
    JobProgress.Checkpoints c = JobProgress.checkpoints(rest, jobId);
    sb.append(
        String.format(
            "  checkpoints: %d completed, %d failed%s%n",
            c.completed(),
            c.failed(),
            c.latest()
                .map(
                    l ->
                        String.format(
                            Locale.ROOT,
                            "; last #%d %s ago, took %.1fs, %s",
                            l.id(),
                            JobsCommand.duration(
                                Duration.ofMillis(
                                    Math.max(0, now.toEpochMilli() - l.completedAtMillis()))),
                            l.durationMillis() / 1000.0,
                            size(l.sizeBytes())))
                .orElse("; none yet")));
    return sb.toString();
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
