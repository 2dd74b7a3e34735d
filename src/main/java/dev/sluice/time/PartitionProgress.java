package dev.sluice.time;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one input partition ({@code topic-partition}) of a job stands: its watermark (event time,
 * epoch millis), its skew and its consumer lag.
 *
 * <p>The source publishes two Beam gauges per partition in the {@link #NAMESPACE} namespace: {@code
 * watermark_millis[topic-p]} (the partition's own watermark, never the end-of-input marker of a
 * finished replay) and {@code lag_records[topic-p]} (records between the next offset to read and
 * the log end; for a bounded replay, the replay's stop offset). The skew is not a gauge: no single
 * reader sees every partition of a job on a cluster, so it is derived where the gauges meet (run
 * summary, progress line, {@code sluice jobs -v}): how far a partition's watermark trails the
 * largest watermark among the job's partitions. The partition with the largest skew is the one
 * holding the job's watermark back.
 *
 * @param watermarkMillis null until the partition has a watermark (no valid event read yet)
 * @param lagRecords null when the reader has not measured the backlog yet
 * @param skewMillis null when the partition has no watermark
 */
public record PartitionProgress(
    String partition, Long watermarkMillis, Long skewMillis, Long lagRecords) {

  /** The same as {@code SluiceMetrics.NAMESPACE}, which sits above this layer. */
  public static final String NAMESPACE = "sluice";

  public static final String WATERMARK = "watermark_millis";
  public static final String LAG = "lag_records";

  private static final Pattern GAUGE = Pattern.compile("(" + WATERMARK + "|" + LAG + ")\\[(.+)\\]");

  /** The gauge name of {@code kind} ({@link #WATERMARK} or {@link #LAG}) for a partition. */
  public static String gaugeName(String kind, String topic, int partition) {
    return kind + "[" + topic + "-" + partition + "]";
  }

  /**
   * The partitions found among gauges (name to value; names that are not partition gauges are
   * ignored), sorted by topic and partition number, with their skew.
   */
  public static List<PartitionProgress> fromGauges(Map<String, Long> gauges) {
    Map<String, Long[]> byPartition = new TreeMap<>(PartitionProgress::compareNames);
    gauges.forEach(
        (name, value) -> {
          Matcher m = GAUGE.matcher(name);
          if (m.matches() && value != null) {
            Long[] pair = byPartition.computeIfAbsent(m.group(2), p -> new Long[2]);
            pair[m.group(1).equals(WATERMARK) ? 0 : 1] = value;
          }
        });
    long leader =
        byPartition.values().stream()
            .filter(p -> p[0] != null)
            .mapToLong(p -> p[0])
            .max()
            .orElse(Long.MIN_VALUE);
    List<PartitionProgress> out = new ArrayList<>();
    byPartition.forEach(
        (partition, p) ->
            out.add(
                new PartitionProgress(partition, p[0], p[0] == null ? null : leader - p[0], p[1])));
    return out;
  }

  /** events-2 before events-10: by topic, then by partition number. */
  private static int compareNames(String a, String b) {
    int da = a.lastIndexOf('-');
    int db = b.lastIndexOf('-');
    int byTopic = a.substring(0, Math.max(da, 0)).compareTo(b.substring(0, Math.max(db, 0)));
    if (byTopic != 0) {
      return byTopic;
    }
    try {
      return Integer.compare(
          Integer.parseInt(a.substring(da + 1)), Integer.parseInt(b.substring(db + 1)));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
