package dev.sluice.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the payments scenario generates: {@code cards} cards paying over {@code duration} of event
 * time, a share of them hit by fraud of known kind.
 *
 * @param startTime event time of the start; null means now minus the duration, to the hour
 * @param fraudCardShare share of cards with one fraud incident (card testing, impossible travel or
 *     an amount spike, taking turns); merchant attacks come on top, about one per 500 cards and day
 * @param idPrefix prefix of payment ids, so a second run into the same topic stays unique
 */
public record PaymentsConfig(
    long seed,
    int cards,
    Instant startTime,
    Duration duration,
    double fraudCardShare,
    String idPrefix) {

  public static final int DEFAULT_CARDS = 1_000;
  public static final double DEFAULT_FRAUD_CARD_SHARE = 0.03;

  public PaymentsConfig {
    if (cards < 1) {
      throw new IllegalArgumentException("--cards must be at least 1, got " + cards);
    }
    if (duration.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("--duration must be at least 1h, got " + duration);
    }
    if (fraudCardShare < 0 || fraudCardShare > 1) {
      throw new IllegalArgumentException(
          "--fraudCardShare must be within [0, 1], got " + fraudCardShare);
    }
    if (startTime == null) {
      startTime = Instant.now().minus(duration).truncatedTo(ChronoUnit.HOURS);
    }
    if (idPrefix == null) {
      idPrefix = "p-";
    }
  }

  public PaymentsConfig withSeed(long s) {
    return new PaymentsConfig(s, cards, startTime, duration, fraudCardShare, idPrefix);
  }

  long startMillis() {
    return startTime.toEpochMilli();
  }

  long endMillis() {
    return startTime.toEpochMilli() + duration.toMillis();
  }

  double days() {
    return duration.toMillis() / 86_400_000.0;
  }
}
