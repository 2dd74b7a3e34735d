package dev.sluice.quality;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * How one kind of anomaly was detected.
 *
 * @param detected anomalies with at least one matching alert
 * @param trueAlerts alerts matched to anomalies of this kind
 * @param falseAlerts unmatched alerts whose reason claims this kind
 * @param extraAlerts matching alerts beyond the first of each anomaly (one alert per episode is the
 *     contract)
 * @param meanDelay mean of first matching alert time - start over detected anomalies; null if none
 */
public record KindRow(
    String kind,
    int anomalies,
    int detected,
    int trueAlerts,
    int falseAlerts,
    int extraAlerts,
    Duration meanDelay,
    Duration maxDelay) {

  public double recall() {
    return anomalies == 0 ? Double.NaN : detected / (double) anomalies;
  }

  /** NaN when no alert claims this kind at all. */
  public double precision() {
    int claimed = trueAlerts + falseAlerts;
    return claimed == 0 ? Double.NaN : trueAlerts / (double) claimed;
  }

  static final class Builder {
    final String kind;
    private int anomalies;
    private int detected;
    private int trueAlerts;
    private int falseAlerts;
    private int extraAlerts;
    private long delaySumMillis;
    private long delayMaxMillis;

    Builder(String kind) {
      this.kind = kind;
    }

    void anomaly(TruthWindow w, List<Alert> alerts) {
      anomalies++;
      if (alerts.isEmpty()) {
        return;
      }
      detected++;
      trueAlerts += alerts.size();
      extraAlerts += alerts.size() - 1;
      Alert first = alerts.stream().min(Comparator.comparing(Alert::time)).orElseThrow();
      long delay = Duration.between(w.start(), first.time()).toMillis();
      delaySumMillis += delay;
      delayMaxMillis = Math.max(delayMaxMillis, delay);
    }

    void falseAlert() {
      falseAlerts++;
    }

    KindRow build() {
      Duration mean = detected == 0 ? null : Duration.ofMillis(delaySumMillis / detected);
      Duration max = detected == 0 ? null : Duration.ofMillis(delayMaxMillis);
      return new KindRow(
          kind, anomalies, detected, trueAlerts, falseAlerts, extraAlerts, mean, max);
    }
  }
}
