package dev.sluice.quality;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores alerts against known anomalies. An alert matches an anomaly when the device is the same,
 * the metric is the same (or the anomaly concerns every metric, "*"), and the alert time lies in
 * [start, end + tolerance]: a detector needs a few readings to be sure, so an alert shortly after a
 * one-reading spike still counts. When several anomalies match, the alert goes to the one that
 * started last, the one it most likely reacts to.
 *
 * <p>Pure: no I/O, no clock; the same inputs give the same result.
 */
public final class IotEvaluation {

  /** Row order of the table: the generator's kinds, then NAB's. */
  static final List<String> KIND_ORDER =
      List.of("spike", "level-shift", "variance-change", "stuck", "silence", "labelled");

  /** A labelled window (NAB) says nothing of its kind, so every alert reason is about it. */
  static final String LABELLED = "labelled";

  private IotEvaluation() {}

  /**
   * The kinds of anomaly an alert reason claims to detect; a false alert counts against the
   * precision of each. A generic anomaly score reacts to spikes, shifts and variance changes alike.
   */
  static Set<String> kindsOfReason(String reason) {
    return switch (reason) {
      case "stuck" -> Set.of("stuck");
      case "silent" -> Set.of("silence");
      case "anomaly", "rate-of-change" -> Set.of("spike", "level-shift", "variance-change");
      default -> Set.of();
    };
  }

  public static EvaluationResult evaluate(
      List<TruthWindow> truth, List<Alert> alerts, Duration tolerance) {
    Map<TruthWindow, List<Alert>> matched = new IdentityHashMap<>();
    List<Alert> falseAlerts = new ArrayList<>();
    for (Alert alert : alerts) {
      TruthWindow best = null;
      for (TruthWindow w : truth) {
        boolean inWindow =
            !alert.time().isBefore(w.start()) && !alert.time().isAfter(w.end().plus(tolerance));
        if (inWindow
            && w.concerns(alert.device(), alert.metric())
            && (best == null || w.start().isAfter(best.start()))) {
          best = w;
        }
      }
      if (best == null) {
        falseAlerts.add(alert);
      } else {
        matched.computeIfAbsent(best, w -> new ArrayList<>()).add(alert);
      }
    }

    Map<String, KindRow.Builder> rows = new LinkedHashMap<>();
    List<String> kinds = new ArrayList<>();
    truth.stream().map(TruthWindow::kind).distinct().forEach(kinds::add);
    kinds.sort(Comparator.comparingInt(IotEvaluation::rank).thenComparing(k -> k));
    for (String kind : kinds) {
      rows.put(kind, new KindRow.Builder(kind));
    }
    for (TruthWindow w : truth) {
      rows.get(w.kind()).anomaly(w, matched.getOrDefault(w, List.of()));
    }
    for (Alert alert : falseAlerts) {
      for (KindRow.Builder row : rows.values()) {
        if (row.kind.equals(LABELLED) || kindsOfReason(alert.reason()).contains(row.kind)) {
          row.falseAlert();
        }
      }
    }
    List<Alert> sortedFalse = new ArrayList<>(falseAlerts);
    sortedFalse.sort(Comparator.comparing(Alert::time).thenComparing(Alert::device));
    return new EvaluationResult(
        rows.values().stream().map(KindRow.Builder::build).toList(),
        alerts.size(),
        alerts.size() - falseAlerts.size(),
        sortedFalse,
        tolerance);
  }

  private static int rank(String kind) {
    int i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.size() : i;
  }
}
