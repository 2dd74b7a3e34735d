package dev.sluice.kit;

import dev.sluice.time.PartitionProgress;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code --metricsPort}: serves a running job's counters and partition gauges as Prometheus text on
 * {@code /metrics} ({@link PrometheusNames}). Nothing is copied on a timer: every scrape reads the
 * job's metric results, so a scrape is as current as the runner's own figures.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HTTPServer server;
  private final String address;

  private MetricsEndpoint(HTTPServer server, String address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Serves the metrics of the job {@code result} supplies (none while it supplies null) as {@code
   * pipeline}'s; null when {@code --metricsPort} is 0.
   */
  public static MetricsEndpoint serve(
      String pipeline, Supplier<PipelineResult> result, MetricsOptions options) {
    if (options.getMetricsPort() == 0) {
      return null;
    }
    return serve(
        options.getMetricsAddress(),
        options.getMetricsPort(),
        () -> {
          PipelineResult job = result.get();
          return job == null
              ? new MetricSnapshots()
              : snapshots(pipeline, RunSummary.counters(job), RunSummary.partitions(job));
        });
  }

  static MetricsEndpoint serve(String address, int port, Supplier<MetricSnapshots> scrape) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register((MultiCollector) scrape::get);
    try {
      HTTPServer server =
          HTTPServer.builder().hostname(address).port(port).registry(registry).buildAndStart();
      return new MetricsEndpoint(server, address);
    } catch (IOException e) {
      throw new IllegalStateException(
          "--metricsPort="
              + port
              + ": cannot listen on "
              + address
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose a free port",
          e);
    }
  }

  /** Where Prometheus and {@code sluice top} find the metrics. */
  public String url() {
    return "http://" + address + ":" + server.getPort() + "/metrics";
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }

  /** One counter family per counter, two gauge families over the partitions. */
  static MetricSnapshots snapshots(
      String pipeline, Map<String, Long> counters, List<PartitionProgress> partitions) {
    List<MetricSnapshot> out = new ArrayList<>();
    Labels job = Labels.of(PrometheusNames.PIPELINE, pipeline);
    counters.forEach(
        (name, value) ->
            out.add(
                CounterSnapshot.builder()
                    .name(PrometheusNames.family(name))
                    .help("Sluice counter " + name + " (README, Metrics)")
                    .dataPoint(
                        CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(job)
                            .value(value)
                            .build())
                    .build()));
    GaugeSnapshot.Builder watermarks =
        GaugeSnapshot.builder()
            .name(PrometheusNames.WATERMARK)
            .help("Event-time watermark of an input partition, epoch milliseconds");
    GaugeSnapshot.Builder lags =
        GaugeSnapshot.builder()
            .name(PrometheusNames.LAG)
            .help("Records of an input partition not read yet (up to the log end or replay end)");
    for (PartitionProgress p : partitions) {
      int dash = p.partition().lastIndexOf('-');
      Labels labels =
          Labels.of(
              PrometheusNames.PIPELINE,
              pipeline,
              PrometheusNames.TOPIC,
              p.partition().substring(0, Math.max(dash, 0)),
              PrometheusNames.PARTITION,
              p.partition().substring(dash + 1));
      if (p.watermarkMillis() != null) {
        watermarks.dataPoint(gauge(labels, p.watermarkMillis()));
      }
      if (p.lagRecords() != null) {
        lags.dataPoint(gauge(labels, p.lagRecords()));
      }
    }
    out.add(watermarks.build());
    out.add(lags.build());
    return new MetricSnapshots(out);
  }

  private static GaugeSnapshot.GaugeDataPointSnapshot gauge(Labels labels, long value) {
    return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }
}
