package dev.sluice.generator;

/**
 * One payment of the payments scenario before it becomes a record; fraud is null when legitimate.
 */
final class PlannedPayment {

  final long time;
  final int card;
  final long cents;
  final int merchant;
  final String country;
  final String channel;
  final FraudPattern fraud;

  /** Given once every payment is planned, in event-time order. */
  String id;

  PlannedPayment(
      long time,
      int card,
      long cents,
      int merchant,
      String country,
      String channel,
      FraudPattern fraud) {
    this.time = time;
    this.card = card;
    this.cents = Math.max(1, cents);
    this.merchant = merchant;
    this.country = country;
    this.channel = channel;
    this.fraud = fraud;
  }

  /** 12.34, 0.50, 1200.00: the amount as the acquirer writes it. */
  String amount() {
    return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
  }
}
