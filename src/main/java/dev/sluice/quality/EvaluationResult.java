package dev.sluice.quality;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@link IotEvaluation}: one row per anomaly kind, the overall alert counts and the
 * false alerts in time order.
 */
public record EvaluationResult(
    List<KindRow> rows, int alerts, int trueAlerts, List<Alert> falseAlerts, Duration tolerance) {

  private static final int FALSE_ALERTS_SHOWN = 10;

  public KindRow row(String kind) {
    return rows.stream().filter(r -> r.kind().equals(kind)).findFirst().orElseThrow();
  }

  /** True alerts over all alerts; NaN without alerts. */
  public double precision() {
    return alerts == 0 ? Double.NaN : trueAlerts / (double) alerts;
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-16s %9s %9s %7s %9s %10s %10s %7s%n",
            "kind",
            "anomalies",
            "detected",
            "recall",
            "precision",
            "mean delay",
            "max delay",
            "extra"));
    int anomalies = 0;
    int detected = 0;
    for (KindRow r : rows) {
      anomalies += r.anomalies();
      detected += r.detected();
      sb.append(
          String.format(
              "%-16s %9d %9d %7s %9s %10s %10s %7d%n",
              r.kind(),
              r.anomalies(),
              r.detected(),
              percent(r.recall()),
              percent(r.precision()),
              human(r.meanDelay()),
              human(r.maxDelay()),
              r.extraAlerts()));
    }
    sb.append(
        String.format(
            "%-16s %9d %9d %7s%n",
            "all kinds",
            anomalies,
            detected,
            percent(anomalies == 0 ? Double.NaN : detected / (double) anomalies)));
    sb.append(
        String.format(
            "alerts: %d, true %d, false %d, precision %s (tolerance %s)%n",
            alerts, trueAlerts, falseAlerts.size(), percent(precision()), human(tolerance)));
    if (!falseAlerts.isEmpty()) {
      int shown = Math.min(FALSE_ALERTS_SHOWN, falseAlerts.size());
      sb.append(String.format("first %d of %d false alerts:%n", shown, falseAlerts.size()));
      for (Alert a : falseAlerts.subList(0, shown)) {
        sb.append(
            String.format(
                "  %s %-12s %-12s %-14s value %s score %s%n",
                a.time(), a.device(), a.metric(), a.reason(), a.value(), a.score()));
      }
    }
    return sb.toString();
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format("%.1f%%", 100 * share);
  }

  /** 0s, 45s, 3m20s, 2h05m: delays at a glance. */
  static String human(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
