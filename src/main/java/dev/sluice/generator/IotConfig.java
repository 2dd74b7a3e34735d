package dev.sluice.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the IoT scenario generates: a fleet of devices reporting temperature, humidity and battery
 * every {@code interval}, over {@code duration} of event time, with anomalies of known kind and
 * position.
 *
 * @param startTime event time of the first tick; null means now minus the duration, to the hour
 * @param anomaliesPerDevicePerDay expected anomalies per device and day, all kinds together
 * @param idPrefix prefix of CloudEvent ids, so a second run into the same topic stays unique
 */
public record IotConfig(
    long seed,
    int devices,
    int sites,
    Instant startTime,
    Duration duration,
    Duration interval,
    double anomaliesPerDevicePerDay,
    String idPrefix) {

  public static final int DEFAULT_DEVICES = 20;
  public static final int DEFAULT_SITES = 4;
  public static final Duration DEFAULT_DURATION = Duration.ofDays(2);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  public static final double DEFAULT_ANOMALIES_PER_DEVICE_PER_DAY = 2;

  public IotConfig {
    if (devices < 1) {
      throw new IllegalArgumentException("--devices must be at least 1, got " + devices);
    }
    if (sites < 1) {
      throw new IllegalArgumentException("--sites must be at least 1, got " + sites);
    }
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("--interval must be at least 1s, got " + interval);
    }
    if (duration.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          "--duration " + duration + " is shorter than one --interval " + interval);
    }
    if (anomaliesPerDevicePerDay < 0) {
      throw new IllegalArgumentException(
          "--anomaliesPerDevicePerDay must be 0 or more, got " + anomaliesPerDevicePerDay);
    }
    if (startTime == null) {
      // Whole hours keep the daily cycles and the truth file easy to read.
      startTime = Instant.now().minus(duration).truncatedTo(ChronoUnit.HOURS);
    }
    if (idPrefix == null) {
      idPrefix = "r-";
    }
  }

  /** The defaults of {@code generate --scenario iot} for a seed and start. */
  public static IotConfig defaults(long seed, Instant startTime) {
    return new IotConfig(
        seed,
        DEFAULT_DEVICES,
        DEFAULT_SITES,
        startTime,
        DEFAULT_DURATION,
        DEFAULT_INTERVAL,
        DEFAULT_ANOMALIES_PER_DEVICE_PER_DAY,
        "r-");
  }

  /** Readings per device: one per interval over the duration. */
  public int ticks() {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis() / interval.toMillis());
  }

  /** Ticks in a span of event time, at least one. */
  int ticksIn(Duration span) {
    return (int) Math.max(1, span.toMillis() / interval.toMillis());
  }

  public IotConfig withDevices(int n) {
    return new IotConfig(
        seed, n, sites, startTime, duration, interval, anomaliesPerDevicePerDay, idPrefix);
  }

  public IotConfig withSeed(long s) {
    return new IotConfig(
        s, devices, sites, startTime, duration, interval, anomaliesPerDevicePerDay, idPrefix);
  }
}
