package dev.sluice.bench;

import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import java.time.Duration;

/**
 * The input of the iot-telemetry rows: the fleet of {@code generate --scenario iot} ({@link
 * dev.sluice.generator.IotGenerator}: sensor.reading CloudEvents with temperature, humidity and
 * battery, keyed by device, with its missing, duplicate, malformed and late readings and injected
 * anomalies), scaled to about {@code readings} by the length of event time. Its own topic: the
 * windowed-aggregate workload has one value per event and no devices.
 *
 * @param readings about how many readings (devices x ticks; the generator drops ~1% and adds ~0.5%
 *     repeats)
 */
public record IotWorkload(long readings, int devices, int sites) implements ScenarioWorkload {

  /** One reading a minute per device, as {@code generate --scenario iot} does by default. */
  static final Duration INTERVAL = IotConfig.DEFAULT_INTERVAL;

  public static IotWorkload of(long readings) {
    return new IotWorkload(readings, 100, 5);
  }

  /** Ticks enough for the readings, ending about now (within the future-skew check). */
  IotConfig config() {
    long ticks = Math.max(1, (readings + devices - 1) / devices);
    return new IotConfig(
        42,
        devices,
        sites,
        null,
        INTERVAL.multipliedBy(ticks),
        INTERVAL,
        IotConfig.DEFAULT_ANOMALIES_PER_DEVICE_PER_DAY,
        "bench-");
  }

  @Override
  public Records records() {
    IotGenerator fleet = new IotGenerator(config());
    return new Records(fleet, fleet.expectedRecords());
  }

  @Override
  public long endMillis() {
    IotConfig c = config();
    return c.startTime().plus(c.duration()).toEpochMilli();
  }

  @Override
  public String describe() {
    IotConfig c = config();
    return String.format(
        "%d devices on %d sites, one reading a minute each over %d min of event time"
            + " (temperature, humidity, battery; the generator's ~1%% missing, 0.5%% repeated,"
            + " 0.1%% malformed and 0.1%% late readings, %.0f injected anomalies per device and day)",
        devices, sites, c.duration().toMinutes(), c.anomaliesPerDevicePerDay());
  }
}
