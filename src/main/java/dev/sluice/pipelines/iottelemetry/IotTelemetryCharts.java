package dev.sluice.pipelines.iottelemetry;

import dev.sluice.kit.Chart;
import java.util.ArrayList;
import java.util.List;

/** iot-telemetry on the dashboard: readings per device and metric, scores, alerts by reason. */
final class IotTelemetryCharts {

  private IotTelemetryCharts() {}

  static List<Chart> of(IotTelemetryPipeline.Options o) {
    List<Chart> charts = new ArrayList<>();
    charts.add(
        Chart.overTime(
                "Mean reading per minute, by device/metric", o.getStatsTopic(), "windowStart")
            .where("stats", "device")
            .seriesBy("device", "metric")
            .values("mean"));
    if (!o.getScoresTopic().isBlank()) {
      charts.add(
          Chart.overTime("Anomaly score per reading", o.getScoresTopic(), "time")
              .seriesBy("device", "metric")
              .values("score")
              .eachRecord()
              .scatter());
    }
    charts.add(
        Chart.overTime("Alerts: score at event time, by reason", o.getAlertsTopic(), "time")
            .seriesBy("reason")
            .values("score")
            .eachRecord()
            .scatter());
    charts.add(Chart.countBy("Alerts by device/metric", o.getAlertsTopic(), "device"));
    return charts;
  }
}
