package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Event;
import dev.sluice.event.Rfc3339;
import dev.sluice.kit.Ingest;
import dev.sluice.pipelines.iottelemetry.Alert;
import dev.sluice.pipelines.iottelemetry.IotModel;
import dev.sluice.pipelines.iottelemetry.IotTelemetry;
import dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline;
import dev.sluice.pipelines.iottelemetry.MetricReading;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * iot-telemetry's work in a {@link PlainLoop}, for its bench rows: repeats of (source, id) dropped
 * as the readings are read, each reading split into its metrics; then every series through the
 * job's own detector without Beam ({@link IotModel}), alerts to the alerts topic, and the
 * statistics of the pipeline's SQL (per device and metric and minute: count, mean, min, max,
 * population standard deviation; per site and metric, 5-minute windows every minute: count, mean)
 * to the stats topic. It holds the whole input until the end, as a batch job would: no watermark,
 * so nothing is late and nothing is diverted.
 */
public final class IotLoop extends PlainLoop {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000L;
  private static final int SITE_WINDOW_MINUTES = 5;

  private final IotTelemetryPipeline.Options options;
  private final IotTelemetry.Settings settings;
  private final Map<String, List<MetricReading>> series = new TreeMap<>();

  private IotLoop(IotTelemetryPipeline.Options options) {
    this.options = options;
    this.settings = IotTelemetryPipeline.settings(options);
  }

  public static void main(String[] args) {
    IotTelemetryPipeline.Options o = IotTelemetryPipeline.SPEC.parse(args);
    IotLoop loop = new IotLoop(o);
    loop.run(o, Ingest.parser(o).requiring(loop.settings.metrics()), IotTelemetryPipeline.SPEC);
  }

  @Override
  protected void accept(Event event, KafkaProducer<byte[], byte[]> out) {
    if (!firstTime(event)) {
      count(SluiceMetrics.DUPLICATES, 1);
      return;
    }
    count(SluiceMetrics.AGGREGATED, 1);
    List<MetricReading> readings = settings.metrics().readings(event);
    count("metric_readings", readings.size());
    synchronized (series) {
      for (MetricReading r : readings) {
        series.computeIfAbsent(r.seriesKey(), k -> new ArrayList<>()).add(r);
      }
    }
  }

  @Override
  protected void finish(KafkaProducer<byte[], byte[]> out) {
    IotModel model = new IotModel(settings.detector());
    Map<String, double[]> sites = new TreeMap<>();
    for (Map.Entry<String, List<MetricReading>> s : series.entrySet()) {
      model.replay(
          s.getKey(),
          s.getValue(),
          new IotModel.Visitor() {
            @Override
            public void scored(MetricReading r, double score, Alert silence, Alert alert) {
              count("readings_scored", 1);
              send(out, silence);
              send(out, alert);
            }
          });
      // The readings are in event-time order now: one device-minute after another.
      List<MetricReading> rs = s.getValue();
      int from = 0;
      for (int i = 1; i <= rs.size(); i++) {
        if (i == rs.size() || minute(rs.get(i)) != minute(rs.get(from))) {
          out.send(deviceStats(rs.subList(from, i)));
          from = i;
        }
      }
      for (MetricReading r : rs) {
        for (int k = 0; k < SITE_WINDOW_MINUTES; k++) {
          long start = minute(r) - k * MINUTE;
          double[] a =
              sites.computeIfAbsent(
                  r.site() + '\u0000' + r.metric() + '\u0000' + start, x -> new double[2]);
          a[0]++;
          a[1] += r.value();
        }
      }
    }
    sites.forEach(
        (key, a) -> {
          String[] k = key.split("\u0000");
          ObjectNode n = JSON.createObjectNode();
          n.put("stats", "site");
          n.put("site", k[0]);
          n.put("metric", k[1]);
          n.put("window_start", Rfc3339.format(Long.parseLong(k[2])));
          n.put("readings", (long) a[0]);
          n.put("mean", a[1] / a[0]);
          n.put("timing", "ON_TIME");
          out.send(text(options.getStatsTopic(), k[0], n.toString()));
        });
  }

  private static long minute(MetricReading r) {
    return Math.floorDiv(r.time(), MINUTE) * MINUTE;
  }

  private void send(KafkaProducer<byte[], byte[]> out, Alert alert) {
    if (alert != null) {
      out.send(text(options.getAlertsTopic(), alert.device(), alert.toJson()));
    }
  }

  private org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> deviceStats(
      List<MetricReading> minute) {
    double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (MetricReading r : minute) {
      sum += r.value();
      min = Math.min(min, r.value());
      max = Math.max(max, r.value());
    }
    double mean = sum / minute.size();
    double squares = 0;
    for (MetricReading r : minute) {
      squares += (r.value() - mean) * (r.value() - mean);
    }
    MetricReading first = minute.get(0);
    ObjectNode n = JSON.createObjectNode();
    n.put("stats", "device");
    n.put("device", first.device());
    n.put("metric", first.metric());
    n.put("window_start", Rfc3339.format(minute(first)));
    n.put("readings", minute.size());
    n.put("mean", mean);
    n.put("minimum", min);
    n.put("maximum", max);
    n.put("stddev", Math.sqrt(squares / minute.size()));
    n.put("timing", "ON_TIME");
    return text(options.getStatsTopic(), first.device(), n.toString());
  }
}
