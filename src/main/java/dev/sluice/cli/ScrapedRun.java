package dev.sluice.cli;

import dev.sluice.kit.PrometheusNames;
import dev.sluice.kit.RunSummary;
import dev.sluice.time.PartitionProgress;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scrape says about one pipeline: its counters under their run-summary names and its input
 * partitions. Reads both name families ({@link PrometheusNames}): Sluice's own endpoint ({@code
 * sluice_records_read_total{pipeline=...}}) and Flink's Prometheus reporter ({@code
 * flink_taskmanager_job_task_operator_sluice_records_read{job_name=...,subtask_index=...}}), whose
 * samples are summed over operators and subtasks per job.
 */
record ScrapedRun(String pipeline, Map<String, Long> counters, List<PartitionProgress> partitions) {

  static final String FLINK_JOB = "job_name";

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** The pipelines of a scrape in order of first appearance; empty if it has no Sluice metrics. */
  static List<ScrapedRun> of(List<PrometheusText.Sample> samples) {
    Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    Map<String, Map<String, Long>> gauges = new LinkedHashMap<>();
    for (PrometheusText.Sample s : samples) {
      if (Double.isNaN(s.value())) {
        continue;
      }
      long value = (long) s.value();
      String name = s.name();
      if (name.equals(PrometheusNames.FLINK_DROPPED)) {
        counters
            .computeIfAbsent(
                s.labels().getOrDefault(FLINK_JOB, "flink"), j -> new LinkedHashMap<>())
            .merge(RunSummary.DROPPED_DUE_TO_LATENESS, value, Long::sum);
      } else if (name.startsWith(PrometheusNames.FLINK_PREFIX)) {
        String job = s.labels().getOrDefault(FLINK_JOB, "flink");
        String base = name.substring(PrometheusNames.FLINK_PREFIX.length());
        String partition = flinkPartition(base);
        if (partition != null) {
          String kind = base.substring(0, base.length() - flinkSuffixLength(base));
          merge(gauges, job, kind + "[" + partition + "]", value, kind);
        } else {
          counters
              .computeIfAbsent(job, j -> new LinkedHashMap<>())
              .merge(PrometheusNames.counter(base), value, Long::sum);
        }
      } else if (name.equals(PrometheusNames.WATERMARK) || name.equals(PrometheusNames.LAG)) {
        String kind = name.substring(PrometheusNames.PREFIX.length());
        String partition =
            s.label(PrometheusNames.TOPIC) + "-" + s.label(PrometheusNames.PARTITION);
        merge(gauges, s.label(PrometheusNames.PIPELINE), kind + "[" + partition + "]", value, kind);
      } else if (name.startsWith(PrometheusNames.PREFIX) && name.endsWith(PrometheusNames.TOTAL)) {
        String base =
            name.substring(
                PrometheusNames.PREFIX.length(), name.length() - PrometheusNames.TOTAL.length());
        counters
            .computeIfAbsent(s.label(PrometheusNames.PIPELINE), j -> new LinkedHashMap<>())
            .merge(PrometheusNames.counter(base), value, Long::sum);
      }
    }
    List<ScrapedRun> out = new ArrayList<>();
    List<String> pipelines = new ArrayList<>(counters.keySet());
    gauges.keySet().stream().filter(p -> !pipelines.contains(p)).forEach(pipelines::add);
    for (String p : pipelines) {
      out.add(
          new ScrapedRun(
              p,
              ordered(counters.getOrDefault(p, Map.of())),
              PartitionProgress.fromGauges(gauges.getOrDefault(p, Map.of()))));
    }
    return out;
  }

  /**
   * A partition seen twice (Flink: the source and the step repeating its gauges, or a restart): the
   * furthest watermark and the smallest lag, the newest figures either way.
   */
  private static void merge(
      Map<String, Map<String, Long>> gauges, String job, String gauge, long value, String kind) {
    gauges
        .computeIfAbsent(job, j -> new LinkedHashMap<>())
        .merge(gauge, value, kind.equals(PartitionProgress.WATERMARK) ? Math::max : Math::min);
  }

  /**
   * Flink's reporter turns {@code watermark_millis[events-0]} into {@code
   * watermark_millis_events_0_}: the partition as {@code events-0} (a topic's own dashes and dots
   * come back as underscores), or null for a counter.
   */
  private static String flinkPartition(String base) {
    int prefix = flinkSuffixLength(base);
    if (prefix == 0) {
      return null;
    }
    String rest = base.substring(base.length() - prefix + 1).replaceAll("_+$", "");
    int last = rest.lastIndexOf('_');
    return last < 0 ? rest : rest.substring(0, last) + "-" + rest.substring(last + 1);
  }

  /** The length of {@code _topic_p_} after a partition gauge's kind, 0 if not a partition gauge. */
  private static int flinkSuffixLength(String base) {
    for (String kind : new String[] {PartitionProgress.WATERMARK, PartitionProgress.LAG}) {
      if (base.startsWith(kind + "_") && base.length() > kind.length() + 1) {
        return base.length() - kind.length();
      }
    }
    return 0;
  }

  /** Common counters first, then the windowed ones, the rest by name, Beam's late drops last. */
  static Map<String, Long> ordered(Map<String, Long> counters) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String name : SluiceMetrics.ALL) {
      if (counters.containsKey(name)) {
        out.put(name, counters.get(name));
      }
    }
    new TreeMap<>(counters).forEach(out::putIfAbsent);
    Long dropped = out.remove(RunSummary.DROPPED_DUE_TO_LATENESS);
    if (dropped != null) {
      out.put(RunSummary.DROPPED_DUE_TO_LATENESS, dropped);
    }
    return out;
  }
}
