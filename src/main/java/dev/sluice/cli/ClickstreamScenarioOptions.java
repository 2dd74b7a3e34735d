package dev.sluice.cli;

import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.time.Durations;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The options of {@code generate --scenario clickstream}; {@code --duration} and {@code --truth}
 * are shared with the iot scenario ({@link IotScenarioOptions}).
 */
final class ClickstreamScenarioOptions {

  @Option(
      names = "--users",
      defaultValue = "" + ClickstreamConfig.DEFAULT_USERS,
      description = "clickstream: shoppers, scripts taking turns (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--bots",
      defaultValue = "-1",
      description = "clickstream: crawlers (default: one per 100 users, at least one).")
  int bots;

  @Option(
      names = "--sessionGap",
      defaultValue = "30m",
      converter = Durations.Converter.class,
      description =
          "clickstream: the pipeline's session gap, which the scripts' pauses are placed around"
              + " (default: ${DEFAULT-VALUE}).")
  Duration sessionGap;

  @Option(
      names = "--stepTimeout",
      defaultValue = "30m",
      converter = Durations.Converter.class,
      description =
          "clickstream: the pipeline's funnel step timeout, which slow shoppers exceed or meet"
              + " (default: ${DEFAULT-VALUE}).")
  Duration stepTimeout;

  ClickstreamConfig config(long seed, Instant startTime, Duration duration, String idPrefix) {
    return new ClickstreamConfig(
        seed, users, bots, startTime, duration, sessionGap, stepTimeout, idPrefix);
  }
}
