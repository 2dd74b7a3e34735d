package dev.sluice.generator;

import java.util.Locale;

/** The fraud the payments scenario injects, as named in the truth file. */
public enum FraudPattern {
  /** Many tiny amounts within a minute or two: a stolen card number being checked. */
  CARD_TESTING,
  /** Payments in a country far from the one the card paid in minutes before. */
  IMPOSSIBLE_TRAVEL,
  /** A payment far above what the card usually spends. */
  AMOUNT_SPIKE,
  /** Many cards charged at one merchant within minutes, at amounts unusual for them. */
  MERCHANT_ATTACK;

  /** card-testing, impossible-travel, ...: the truth file's spelling. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
