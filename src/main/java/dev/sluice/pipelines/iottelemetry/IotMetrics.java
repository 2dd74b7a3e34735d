package dev.sluice.pipelines.iottelemetry;

import dev.sluice.transforms.SluiceMetrics;

/** iot-telemetry's own counters, next to the ones every pipeline reports. */
final class IotMetrics {

  static final String NAMESPACE = SluiceMetrics.NAMESPACE;

  /** One per metric of an admitted reading: what the statistics and the detector receive. */
  static final String METRIC_READINGS = "metric_readings";

  static final String STATS_ROWS = "stats_rows";

  private IotMetrics() {}
}
