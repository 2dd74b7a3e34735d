package dev.sluice.bench;

import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import java.time.Duration;
import java.time.Instant;

/**
 * The input of the payments-risk row: the cards of {@code generate --scenario payments} ({@link
 * PaymentsGenerator}: habits, heavy users, travellers, injected fraud, with its repeated, malformed
 * and late payments), one day of event time, scaled to about {@code payments} by the number of
 * cards.
 *
 * @param payments about how many records (see {@link #RECORDS_PER_CARD})
 */
public record PaymentsWorkload(long payments) implements ScenarioWorkload {

  /** Records per card over a day (measured on the demo's day: 588 cards, 4,977 records). */
  static final double RECORDS_PER_CARD = 8.5;

  /** A fixed past day: the same payments in every invocation. */
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  static final long SEED = 42;

  public static PaymentsWorkload of(long payments) {
    return new PaymentsWorkload(payments);
  }

  PaymentsConfig config() {
    int cards = (int) Math.max(1, Math.min(Integer.MAX_VALUE, payments / RECORDS_PER_CARD));
    return new PaymentsConfig(
        SEED, cards, START, Duration.ofDays(1), PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE, "bench-");
  }

  @Override
  public Records records() {
    PaymentsGenerator cards = new PaymentsGenerator(config());
    return new Records(cards, cards.expectedRecords());
  }

  @Override
  public long endMillis() {
    PaymentsConfig c = config();
    return c.startTime().plus(c.duration()).toEpochMilli();
  }

  @Override
  public String describe() {
    PaymentsConfig c = config();
    return String.format(
        "%,d cards over %d h of event time from %s (seed %d; %.0f%% of cards with injected fraud:"
            + " card testing, impossible travel, amount spikes, merchant attacks; the generator's"
            + " 0.5%% repeated, 0.1%% malformed and 0.1%% late payments)",
        c.cards(), c.duration().toHours(), c.startTime(), c.seed(), c.fraudCardShare() * 100);
  }
}
