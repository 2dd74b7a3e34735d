package dev.sluice.cli;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.FlinkRestException;
import dev.sluice.cluster.JobProgress;
import dev.sluice.cluster.JobStore;
import dev.sluice.cluster.StoredJob;
import dev.sluice.cluster.VertexGauges;
import dev.sluice.kit.BuildInfo;
import dev.sluice.kit.WatermarkReport;
import dev.sluice.time.PartitionProgress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice jobs}: the cluster's jobs next to the job names the job store knows them by. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "List the Flink cluster's jobs (running ones unless --all), TaskManagers and slots.",
      "JOB NAME (STORED) is the job store's name for the Flink job; in parentheses for an earlier job of that name."
    })
public final class JobsCommand implements Callable<Integer> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** Watermarks are event times: shown in UTC, like the events' own timestamps. */
  static final DateTimeFormatter WATERMARK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

  @Mixin ClusterConnection cluster;

  @Option(
      names = {"-a", "--all"},
      description =
          "Also finished, cancelled and failed jobs, and stored job names not on this cluster.")
  boolean all;

  @Option(
      names = {"-v", "--vertices"},
      description =
          "Per running job: each vertex with its parallelism, records in and out, lowest input"
              + " watermark, back-pressure level and Sluice stages, and each input partition's"
              + " watermark, skew and lag.")
  boolean vertices;

  @Override
  public Integer call() {
    FlinkRest rest = cluster.rest();
    FlinkRest.ClusterOverview overview = rest.overview();
    List<FlinkRest.JobSummary> jobs = rest.jobs();
    JobStore store = cluster.store();
    List<StoredJob> storedJobs = store.all();
    Map<String, String> logicalNames =
        storedJobs.stream()
            .collect(Collectors.toMap(StoredJob::flinkJobId, StoredJob::name, (a, b) -> a));

    List<FlinkRest.JobSummary> shown = jobs.stream().filter(j -> all || j.active()).toList();
    if (shown.isEmpty()) {
      System.out.println(
          all ? "no jobs on the cluster" : "no running jobs (--all shows ended ones)");
    } else {
      String format = "%-32s  %-20s  %-24s  %-11s  %-19s  %9s%n";
      System.out.printf(
          format, "JOB ID", "JOB NAME (STORED)", "FLINK NAME", "STATE", "STARTED", "DURATION");
      for (FlinkRest.JobSummary j : shown) {
        System.out.printf(
            format,
            j.id(),
            storedName(j, logicalNames, storedJobs),
            j.name(),
            j.state(),
            TIME.format(Instant.ofEpochMilli(j.startTime())),
            duration(Duration.ofMillis(j.durationMillis())));
        if (vertices && j.active()) {
          printVertices(rest, j.id());
        }
      }
    }
    if (all) {
      Set<String> onCluster =
          jobs.stream().map(FlinkRest.JobSummary::id).collect(Collectors.toSet());
      for (StoredJob s : storedJobs) {
        if (!onCluster.contains(s.flinkJobId())) {
          String resume = !s.lastSavepoint().isBlank() ? s.lastSavepoint() : s.lastCheckpoint();
          System.out.printf(
              "stored, not on this cluster: %s (%s, last job %s%s)%n",
              s.name(),
              s.pipeline(),
              s.flinkJobId(),
              resume.isBlank() ? "" : ", resume from " + resume);
        }
      }
    }
    Map<String, FlinkRest.TaskManager> tms =
        rest.taskManagers().stream()
            .collect(Collectors.toMap(FlinkRest.TaskManager::id, Function.identity(), (a, b) -> a));
    System.out.printf(
        "%s: Flink %s, %d TaskManager%s, %d slots (%d free)%s; %d running of %d jobs; job store %s%n",
        rest.baseUrl(),
        overview.flinkVersion(),
        overview.taskManagers(),
        overview.taskManagers() == 1 ? "" : "s",
        overview.slotsTotal(),
        overview.slotsAvailable(),
        tms.isEmpty()
            ? ""
            : tms.values().stream()
                .map(t -> t.id() + " " + (t.slots() - t.freeSlots()) + "/" + t.slots() + " used")
                .sorted()
                .collect(Collectors.joining(", ", " [", "]")),
        jobs.stream().filter(FlinkRest.JobSummary::active).count(),
        jobs.size(),
        store.dir());
    return 0;
  }

  /**
   * The job name a Flink job is stored under; in parentheses for an earlier Flink job of a stored
   * name (the store follows only the latest one, e.g. before a restore).
   */
  private static String storedName(
      FlinkRest.JobSummary job, Map<String, String> byFlinkId, List<StoredJob> stored) {
    String name = byFlinkId.get(job.id());
    if (name != null) {
      return name;
    }
    return stored.stream().anyMatch(s -> s.name().equals(job.name()))
        ? "(" + job.name() + ")"
        : "-";
  }

  private static void printVertices(FlinkRest rest, String jobId) {
    rest.job(jobId)
        .ifPresent(
            d -> {
              List<PartitionProgress> partitions = partitions(rest, jobId, d.vertices());
              // Flink shows no watermark for a source (it has no input); Sluice's partition gauges
              // do: the source's is the lowest of its partitions'.
              Long sourceWatermark =
                  partitions.stream()
                      .map(PartitionProgress::watermarkMillis)
                      .filter(java.util.Objects::nonNull)
                      .min(Long::compare)
                      .orElse(null);
              System.out.printf(
                  "    %-4s %-9s %11s %11s  %-20s %-9s %s%n",
                  "p", "state", "records in", "out", "watermark (UTC)", "pressure", "stages");
              for (JobProgress.VertexProgress v : JobProgress.vertices(rest, jobId)) {
                Long watermark = v.source() ? sourceWatermark : v.watermarkMillis();
                System.out.printf(
                    "    %-4d %-9s %,11d %,11d  %-20s %-9s %s%n",
                    v.parallelism(),
                    v.state(),
                    v.recordsIn(),
                    v.recordsOut(),
                    watermark == null ? "-" : WATERMARK.format(Instant.ofEpochMilli(watermark)),
                    v.backpressure(),
                    v.stages());
              }
              if (!partitions.isEmpty()) {
                System.out.println("    " + WatermarkReport.HEADING);
                WatermarkReport.lines(partitions).forEach(l -> System.out.println("      " + l));
              }
            });
  }

  /**
   * The input partitions' gauges of a job, from whichever vertices carry them (the source's): the
   * highest watermark and the lowest lag any operator reports, since a step repeating the source's
   * gauges (see kafka.PublishPartitionProgressFn) may lag behind it. A vertex whose metrics Flink
   * cannot list is named and skipped rather than failing the listing.
   */
  static List<PartitionProgress> partitions(
      FlinkRest rest, String jobId, List<FlinkRest.Vertex> vertices) {
    Map<String, VertexGauges.Range> gauges = new java.util.HashMap<>();
    for (FlinkRest.Vertex v : vertices) {
      try {
        VertexGauges.read(rest, jobId, v.id(), PartitionProgress.NAMESPACE)
            .forEach((name, range) -> gauges.merge(name, range, VertexGauges.Range::widen));
      } catch (FlinkRestException e) {
        System.out.println(
            "    (partition gauges of " + v.id() + " unreadable: " + e.getMessage() + ")");
      }
    }
    return PartitionProgress.fromGauges(pick(gauges));
  }

  /** Watermark gauges by their highest value, lag gauges by their lowest. */
  static Map<String, Long> pick(Map<String, VertexGauges.Range> gauges) {
    Map<String, Long> out = new java.util.HashMap<>();
    gauges.forEach(
        (name, range) ->
            out.put(
                name, name.startsWith(PartitionProgress.WATERMARK) ? range.max() : range.min()));
    return out;
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
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
