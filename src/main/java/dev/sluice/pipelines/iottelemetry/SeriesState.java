package dev.sluice.pipelines.iottelemetry;

import java.io.Serializable;

/**
 * What the detector remembers of one device's metric between readings: a few dozen numbers, so a
 * checkpoint stays small (the forest, if any, is kept separately). Mutable; {@link MetricDetector}
 * owns the rules that change it.
 */
final class SeriesState implements Serializable {

  private static final long serialVersionUID = 1L;

  static final int RECENT = 6;

  long readings;
  long lastTime = Long.MIN_VALUE;
  double lastValue;

  /** Smoothed level and its trend per reading interval (Holt's linear method). */
  double level;

  double trend;

  /** Mean absolute one-step forecast error over the last hundred or so readings: the noise. */
  double absError;

  /** The same over the last ten or so readings: noise that grows shows here first. */
  double recentError;

  /** Running mean of the signed errors in noise scales: lasting one-sided errors build it up. */
  double shift;

  /** Mean absolute change between readings, for the rate-of-change rule. */
  double absChange;

  /** Typical interval between readings, millis. */
  double interval;

  /** The current run of one repeated value. */
  double runValue = Double.NaN;

  long runStart;
  int runLength;

  /** Longest run of one value seen while the series was not stuck: what is normal for it. */
  int longestRun;

  /** No new alert before this event time: the open episode's end. */
  long episodeUntil = Long.MIN_VALUE;

  boolean stuckRaised;
  boolean silenceRaised;

  final double[] recent = new double[RECENT];
  int recentCount;

  void remember(double value) {
    System.arraycopy(recent, 0, recent, 1, RECENT - 1);
    recent[0] = value;
    recentCount = Math.min(RECENT, recentCount + 1);
  }

  /** The last readings, oldest first. */
  double[] recentValues() {
    double[] out = new double[recentCount];
    for (int i = 0; i < recentCount; i++) {
      out[i] = recent[recentCount - 1 - i];
    }
    return out;
  }
}
