package dev.sluice.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One anomaly to inject, in ticks of its device.
 *
 * @param metric index into {@link IotDevice#METRICS}; -1 for a silence (every metric)
 * @param firstTick first affected reading
 * @param lastTick last affected reading (a level shift: the last shifted one)
 * @param sigmas signed size in noise sigmas (spike, level shift); the stuck and variance kinds
 *     ignore it
 * @param shiftsBack whether a level shift ends in the run (the reading after lastTick is back)
 */
record PlannedAnomaly(
    int metric, AnomalyKind kind, int firstTick, int lastTick, double sigmas, boolean shiftsBack) {

  boolean affects(int tick) {
    return tick >= firstTick && tick <= lastTick;
  }

  boolean affects(int tick, int metricIndex) {
    return (metric == -1 || metric == metricIndex) && affects(tick);
  }

  /**
   * Whether a reading must arrive intact for the truth to hold: the readings that carry the
   * anomaly's defining moment are never dropped, stripped of the metric or malformed.
   */
  boolean protects(int tick) {
    if (kind == AnomalyKind.LEVEL_SHIFT) {
      return tick == firstTick || (shiftsBack && tick == lastTick + 1);
    }
    return affects(tick);
  }

  /** The truth file lines: a level shift that shifts back is two labelled points. */
  List<TruthAnomaly> truth(IotDevice device) {
    String metricName = metric == -1 ? "*" : IotDevice.METRICS.get(metric);
    List<TruthAnomaly> out = new ArrayList<>(2);
    Instant start = Instant.ofEpochMilli(device.readingTimeMillis(firstTick));
    if (kind == AnomalyKind.SPIKE || kind == AnomalyKind.LEVEL_SHIFT) {
      out.add(new TruthAnomaly(device.name, metricName, kind, start, start));
      if (kind == AnomalyKind.LEVEL_SHIFT && shiftsBack) {
        Instant back = Instant.ofEpochMilli(device.readingTimeMillis(lastTick + 1));
        out.add(new TruthAnomaly(device.name, metricName, kind, back, back));
      }
    } else {
      Instant end = Instant.ofEpochMilli(device.readingTimeMillis(lastTick));
      out.add(new TruthAnomaly(device.name, metricName, kind, start, end));
    }
    return out;
  }
}
