package dev.sluice.cli;

import dev.sluice.generator.IotConfig;
import dev.sluice.time.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The options of {@code generate --scenario iot} ({@code --duration} and {@code --truth} serve the
 * payments scenario too); the sensor scenario ignores them.
 */
final class IotScenarioOptions {

  @Option(
      names = "--devices",
      defaultValue = "" + IotConfig.DEFAULT_DEVICES,
      description = "iot: devices in the fleet (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--sites",
      defaultValue = "" + IotConfig.DEFAULT_SITES,
      description = "iot: sites the devices are spread over (default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(
      names = "--duration",
      defaultValue = "2d",
      converter = Durations.Converter.class,
      description =
          "iot, clickstream, payments: event-time span of the run (default: ${DEFAULT-VALUE}; 1d"
              + " for clickstream).")
  Duration duration;

  @Option(
      names = "--interval",
      defaultValue = "60s",
      converter = Durations.Converter.class,
      description =
          "iot: time between two readings of a device, jittered (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--anomaliesPerDevicePerDay",
      defaultValue = "" + IotConfig.DEFAULT_ANOMALIES_PER_DEVICE_PER_DAY,
      description =
          "iot: injected anomalies per device and day, kinds taking turns (default: ${DEFAULT-VALUE}).")
  double anomaliesPerDevicePerDay;

  @Option(
      names = "--truth",
      paramLabel = "FILE",
      description =
          "iot: write the injected anomalies as JSON lines {device,metric,kind,start,end};"
              + " clickstream: each user's script and every valid event (docs/clickstream-tools.md);"
              + " payments: the fraudulent payments as {payment,card,time,pattern}.")
  Path truth;

  IotConfig config(long seed, Instant startTime, String idPrefix) {
    return new IotConfig(
        seed, devices, sites, startTime, duration, interval, anomaliesPerDevicePerDay, idPrefix);
  }
}
