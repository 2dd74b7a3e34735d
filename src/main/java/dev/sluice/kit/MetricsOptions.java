package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** A Prometheus endpoint serving a run's counters and partition gauges while it runs. */
public interface MetricsOptions extends PipelineOptions {

  @Description(
      "Serve the run's counters and per-partition watermark and lag as Prometheus text on"
          + " http://ADDRESS:PORT/metrics while it runs ('sluice top --metricsPort PORT' shows"
          + " them). Not on the FlinkRunner, whose run() returns when the job has ended. 0: off.")
  @Default.Integer(0)
  int getMetricsPort();

  void setMetricsPort(int value);

  @Description(
      "Address --metricsPort listens on: 127.0.0.1 keeps the counters on this machine; 0.0.0.0"
          + " lets a Prometheus elsewhere scrape them.")
  @Default.String("127.0.0.1")
  String getMetricsAddress();

  void setMetricsAddress(String value);
}
