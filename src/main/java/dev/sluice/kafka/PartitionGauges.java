package dev.sluice.kafka;

import dev.sluice.time.PartitionProgress;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * Publishes one partition's watermark and lag as the Beam gauges {@link PartitionProgress} names,
 * from inside the source.
 *
 * <p>Where a metrics container is active (probed on Beam 2.70): the Direct runner scopes one around
 * every call into the reader, so both {@code getTimestampForRecord} and {@code getWatermark} have
 * one, and what is set there reaches the job's metric results. Flink's source wrapper scopes one
 * only around the reader's {@code start()} and {@code advance()} (where a record is stamped), reads
 * the watermark from a processing-time timer with none, pushes the source's Beam metrics to Flink's
 * metric system after every {@code advance()}, and never to the job's metric results. So each
 * record remembers the container it was stamped in and a watermark read outside any container is
 * set in that one: Flink's REST API (sluice jobs -v) shows it within one reader loop, idle
 * partitions included. For the job's results on Flink, the latest values also go to a JVM-local
 * registry keyed by read and partition, which {@link PublishPartitionProgressFn} (a step right
 * after the read, with a container Flink does report) publishes again.
 */
final class PartitionGauges {

  /** Publishes nothing: for policies built outside a read (tests). */
  static final PartitionGauges NONE = new PartitionGauges(null, null, 0);

  /** Read id -> partition gauge name -> value: the latest of every partition read in this JVM. */
  private static final Map<String, Map<String, Long>> LATEST = new ConcurrentHashMap<>();

  private final Map<String, Long> latest;
  private final String watermarkName;
  private final String lagName;
  private final Gauge watermark;
  private final Gauge lag;
  private MetricsContainer stampedIn;

  PartitionGauges(String readId, String topic, int partition) {
    if (topic == null) {
      this.latest = null;
      this.watermarkName = null;
      this.lagName = null;
      this.watermark = null;
      this.lag = null;
      return;
    }
    this.latest = LATEST.computeIfAbsent(readId, id -> new ConcurrentHashMap<>());
    this.watermarkName = PartitionProgress.gaugeName(PartitionProgress.WATERMARK, topic, partition);
    this.lagName = PartitionProgress.gaugeName(PartitionProgress.LAG, topic, partition);
    this.watermark = Metrics.gauge(PartitionProgress.NAMESPACE, watermarkName);
    this.lag = Metrics.gauge(PartitionProgress.NAMESPACE, lagName);
  }

  /** The latest watermark and lag gauges of every partition of a read in this JVM. */
  static Map<String, Long> latest(String readId) {
    return LATEST.getOrDefault(readId, Map.of());
  }

  /**
   * A record was stamped: the partition's watermark and backlog as of that record go to the
   * registry (a replay's last record leaves its final values there); the container is kept.
   */
  void onRecord(long watermarkMillis, long backlog) {
    if (watermark == null) {
      return;
    }
    MetricsContainer current = MetricsEnvironment.getCurrentContainer();
    if (current != null) {
      stampedIn = current;
    }
    remember(watermarkMillis, backlog);
  }

  /**
   * The partition's watermark and backlog, as gauges and in the registry. A watermark before any
   * data or at the end of input (a finished replay) is not an event time, so the gauge keeps its
   * last value; an unknown backlog (negative) is not published.
   */
  void publish(long watermarkMillis, long backlog) {
    if (watermark == null) {
      return;
    }
    remember(watermarkMillis, backlog);
    MetricsContainer scope = MetricsEnvironment.getCurrentContainer() == null ? stampedIn : null;
    if (MetricsEnvironment.getCurrentContainer() == null && scope == null) {
      return;
    }
    try (Closeable ignored =
        scope == null ? null : MetricsEnvironment.scopedMetricsContainer(scope)) {
      if (isEventTime(watermarkMillis)) {
        watermark.set(watermarkMillis);
      }
      if (backlog >= 0) {
        lag.set(backlog);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void remember(long watermarkMillis, long backlog) {
    if (isEventTime(watermarkMillis)) {
      latest.put(watermarkName, watermarkMillis);
    }
    if (backlog >= 0) {
      latest.put(lagName, backlog);
    }
  }

  private static boolean isEventTime(long millis) {
    return millis > BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()
        && millis < BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis();
  }
}
