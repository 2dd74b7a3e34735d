package dev.sluice.kit;

import dev.sluice.time.PartitionProgress;
import java.util.Locale;

/**
 * How a run's Beam metrics are named in Prometheus ({@code --metricsPort}, README "Metrics"): each
 * counter {@code c} of the {@code sluice} namespace as the counter {@code sluice_c_total}, Beam's
 * {@code droppedDueToLateness} as {@code sluice_dropped_due_to_lateness_total}, each with a {@code
 * pipeline} label; each input partition's gauges as {@code sluice_watermark_millis} and {@code
 * sluice_lag_records} with {@code pipeline}, {@code topic} and {@code partition} labels.
 *
 * <p>Flink's own Prometheus reporter names the same counters {@code
 * flink_taskmanager_job_task_operator_sluice_c} (gauges, one per operator and subtask, no {@code
 * _total}) and the partition gauges {@code ..._sluice_watermark_millis_topic_p_}; Beam's late-drop
 * counter keeps its own namespace there ({@link #FLINK_DROPPED}).
 */
public final class PrometheusNames {

  public static final String PREFIX = "sluice_";
  public static final String FLINK_PREFIX = "flink_taskmanager_job_task_operator_sluice_";
  public static final String TOTAL = "_total";

  /** Beam counts late drops in the namespace of the class that drops them. */
  public static final String FLINK_DROPPED =
      "flink_taskmanager_job_task_operator_org_apache_beam_runners_core_LateDataDroppingDoFnRunner_"
          + RunSummary.DROPPED_DUE_TO_LATENESS;

  public static final String WATERMARK = PREFIX + PartitionProgress.WATERMARK;
  public static final String LAG = PREFIX + PartitionProgress.LAG;
  public static final String PIPELINE = "pipeline";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";

  private PrometheusNames() {}

  /** The metric family of a run-summary counter: {@code records_read -> sluice_records_read}. */
  public static String family(String counter) {
    return PREFIX + snake(counter);
  }

  /** The sample name a scrape shows: {@code sluice_records_read_total}. */
  public static String sample(String counter) {
    return family(counter) + TOTAL;
  }

  /** The run-summary counter a family's base name ({@code family} without prefix) stands for. */
  public static String counter(String base) {
    return base.equals(snake(RunSummary.DROPPED_DUE_TO_LATENESS))
        ? RunSummary.DROPPED_DUE_TO_LATENESS
        : base;
  }

  /** droppedDueToLateness -> dropped_due_to_lateness; anything else Prometheus refuses -> _. */
  static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_]", "_");
  }
}
