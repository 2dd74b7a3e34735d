package dev.sluice.pipelines.iottelemetry;

import java.io.Serializable;

/**
 * How anomalies are told apart from normal variation; all durations are event time, in millis.
 *
 * @param threshold a reading whose normalised score reaches this is anomalous (same for every
 *     device: scores are normalised by each series' own noise)
 * @param cooldownMillis an episode ends after this long without an anomalous reading; only its
 *     first reading raises an alert
 * @param silenceMillis a series that sends nothing this long is silent
 * @param forgetMillis a series silent this long is forgotten: its model and state are cleared
 * @param stuckReadings fewest repeats of one value that make a sensor stuck (raised further for a
 *     series that repeats values normally)
 * @param warmupReadings readings a series needs before it is scored
 * @param forest the Random Cut Forest, or null to score with the robust statistics alone
 */
public record DetectorSettings(
    double threshold,
    long cooldownMillis,
    long silenceMillis,
    long forgetMillis,
    int stuckReadings,
    int warmupReadings,
    ForestSettings forest)
    implements Serializable {

  public DetectorSettings {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("--threshold must be in (0, 1], not " + threshold);
    }
    if (forgetMillis <= silenceMillis) {
      throw new IllegalArgumentException("--forgetAfter must be longer than --silenceTimeout");
    }
    if (stuckReadings < 2 || warmupReadings < 2) {
      throw new IllegalArgumentException("--stuckReadings and the warm-up need at least 2");
    }
  }

  public static DetectorSettings defaults() {
    return new DetectorSettings(
        0.5, 30 * 60_000L, 15 * 60_000L, 24 * 3_600_000L, 10, 30, ForestSettings.defaults());
  }

  public DetectorSettings withForest(ForestSettings value) {
    return new DetectorSettings(
        threshold,
        cooldownMillis,
        silenceMillis,
        forgetMillis,
        stuckReadings,
        warmupReadings,
        value);
  }

  /**
   * The Random Cut Forest per series.
   *
   * @param snapshotEvery readings between two stored copies of the forest; those in between are
   *     kept as a short log and replayed on restore (a forest is tens of kilobytes)
   */
  public record ForestSettings(int trees, int sampleSize, int shingleSize, int snapshotEvery)
      implements Serializable {
    public ForestSettings {
      if (trees < 1 || sampleSize < 4 || shingleSize < 1 || snapshotEvery < 1) {
        throw new IllegalArgumentException("forest sizes must be positive");
      }
    }

    public static ForestSettings defaults() {
      return new ForestSettings(30, 256, 8, 256);
    }
  }
}
