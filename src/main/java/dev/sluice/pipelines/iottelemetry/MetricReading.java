package dev.sluice.pipelines.iottelemetry;

import java.io.Serializable;

/**
 * One metric of one sensor reading: what the statistics aggregate and the detector scores.
 *
 * @param device the event key (the CloudEvents subject)
 * @param time event time, epoch milliseconds
 * @param eventId the CloudEvent id: breaks ties between readings of the same time
 */
public record MetricReading(
    String device, String site, String metric, long time, double value, String eventId)
    implements Serializable {

  /** The key the detector keeps one model under. */
  public String seriesKey() {
    return device + "\u0000" + metric;
  }

  /** Event-time order, then a total order so equal times score the same on every runner. */
  public static int compare(MetricReading a, MetricReading b) {
    int c = Long.compare(a.time, b.time);
    if (c != 0) {
      return c;
    }
    c = a.eventId.compareTo(b.eventId);
    return c != 0 ? c : Double.compare(a.value, b.value);
  }
}
