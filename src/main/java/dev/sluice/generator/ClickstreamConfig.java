package dev.sluice.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the clickstream scenario generates: shoppers with scripted journeys and a few bots over
 * {@code duration} of event time. The session gap and step timeout are those the pipeline will use,
 * so the scripts can place their pauses just inside or just outside them.
 *
 * @param bots crawlers with absurd page-view rates; -1 means one per 100 users (at least one)
 * @param startTime event time of the run's start; null means now minus the duration, to the hour
 * @param idPrefix prefix of CloudEvent ids, so a second run into the same topic stays unique
 */
public record ClickstreamConfig(
    long seed,
    int users,
    int bots,
    Instant startTime,
    Duration duration,
    Duration sessionGap,
    Duration stepTimeout,
    String idPrefix) {

  public static final int DEFAULT_USERS = 200;
  public static final Duration DEFAULT_DURATION = Duration.ofDays(1);
  public static final Duration DEFAULT_SESSION_GAP = Duration.ofMinutes(30);
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(30);

  public ClickstreamConfig {
    if (users < 0) {
      throw new IllegalArgumentException("--users must be 0 or more, got " + users);
    }
    if (bots < 0) {
      bots = Math.max(1, users / 100);
    }
    if (users + bots == 0) {
      throw new IllegalArgumentException("give at least one user or bot");
    }
    if (duration.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("--duration must be at least 1h, got " + duration);
    }
    if (sessionGap.compareTo(Duration.ofMinutes(5)) < 0
        || stepTimeout.compareTo(Duration.ofMinutes(5)) < 0) {
      // The scripts' browsing pauses (up to 2 min) must stay well inside both.
      throw new IllegalArgumentException("--sessionGap and --stepTimeout must be at least 5m");
    }
    if (startTime == null) {
      startTime = Instant.now().minus(duration).truncatedTo(ChronoUnit.HOURS);
    }
    if (idPrefix == null) {
      idPrefix = "c-";
    }
  }

  /** The defaults of {@code generate --scenario clickstream} for a seed, size and start. */
  public static ClickstreamConfig defaults(long seed, int users, Instant startTime) {
    return new ClickstreamConfig(
        seed,
        users,
        -1,
        startTime,
        DEFAULT_DURATION,
        DEFAULT_SESSION_GAP,
        DEFAULT_STEP_TIMEOUT,
        null);
  }

  public ClickstreamConfig withSeed(long s) {
    return new ClickstreamConfig(
        s, users, bots, startTime, duration, sessionGap, stepTimeout, idPrefix);
  }

  long startMillis() {
    return startTime.toEpochMilli();
  }

  long endMillis() {
    return startTime.toEpochMilli() + duration.toMillis();
  }
}
