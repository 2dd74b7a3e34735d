package dev.sluice.generator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated device: its site, the phase of its reporting within each interval, and how each of
 * its metrics behaves. Traits are drawn once from the seed, so a device keeps its character across
 * runs of the same seed.
 */
final class IotDevice {

  static final List<String> METRICS = List.of("temperature", "humidity", "battery");

  private static final double DAY_MILLIS = 86_400_000.0;

  final String name;
  final String site;

  /** Milliseconds after each tick at which this device reports (devices do not report at once). */
  final long phaseMillis;

  final Metric[] metrics;

  private final long startMillis;
  private final long intervalMillis;
  private final long jitterMillis;
  private final long jitterSeed;

  /**
   * How one metric moves: a daily cycle around a base, a slow linear drift, gaussian noise.
   *
   * @param peakDayFraction fraction of the UTC day at which the cycle peaks
   * @param noise standard deviation of the noise: the unit of every injected anomaly
   */
  record Metric(
      double base,
      double amplitude,
      double peakDayFraction,
      double driftPerDay,
      double noise,
      double min,
      double max,
      double scale) {

    /** The value without noise at an offset from the run's start. */
    double clean(long eventTimeMillis, long sinceStartMillis) {
      double dayFraction = Math.floorMod(eventTimeMillis, (long) DAY_MILLIS) / DAY_MILLIS;
      double cycle = StrictMath.cos(2 * StrictMath.PI * (dayFraction - peakDayFraction));
      return base + amplitude * cycle + driftPerDay * (sinceStartMillis / DAY_MILLIS);
    }

    /** Clamped to the physical range and rounded as the device reports it. */
    double reported(double value) {
      double v = Math.min(max, Math.max(min, value));
      return Math.round(v * scale) / scale;
    }
  }

  IotDevice(int index, IotConfig config, SplittableRandom traits) {
    name = "device-" + index;
    site = "site-" + (index % config.sites());
    startMillis = config.startTime().toEpochMilli();
    intervalMillis = config.interval().toMillis();
    // Keep clear of the tick edges so the jitter never moves a reading into another tick.
    long margin = Math.min(2_000, intervalMillis / 10);
    jitterMillis = margin;
    jitterSeed = traits.nextLong();
    phaseMillis = margin + (long) (traits.nextDouble() * (intervalMillis - 2 * margin));
    // Warmest mid-afternoon; humidity peaks when temperature is lowest (anti-correlated).
    double peak = 0.6 + 0.06 * (traits.nextDouble() - 0.5);
    Metric temperature =
        new Metric(
            between(traits, 17, 26),
            between(traits, 1.5, 6),
            peak,
            between(traits, -0.4, 0.4),
            between(traits, 0.15, 0.4),
            -40,
            85,
            100);
    Metric humidity =
        new Metric(
            between(traits, 35, 60),
            between(traits, 4, 12),
            peak - 0.5,
            between(traits, -1, 1),
            between(traits, 0.8, 1.8),
            0,
            100,
            100);
    Metric battery =
        new Metric(
            between(traits, 3.7, 4.15),
            0,
            0,
            -between(traits, 0.01, 0.04),
            between(traits, 0.003, 0.006),
            2.5,
            4.3,
            1000);
    metrics = new Metric[] {temperature, humidity, battery};
  }

  /**
   * Event time of the reading at a tick. The jitter is a pure function of device and tick, not a
   * draw from the record stream, so the anomaly plan knows the exact times before generating.
   */
  long readingTimeMillis(int tick) {
    long h = mix(jitterSeed + tick * 0x9E3779B97F4A7C15L);
    long jitter = Math.floorMod(h, 2 * jitterMillis + 1) - jitterMillis;
    return startMillis + tick * intervalMillis + phaseMillis + jitter;
  }

  /** SplitMix64's finaliser: a well-spread hash of a long. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static int metricIndex(String metric) {
    return METRICS.indexOf(metric);
  }

  private static double between(SplittableRandom r, double low, double high) {
    return low + r.nextDouble() * (high - low);
  }
}
