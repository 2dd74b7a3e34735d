package dev.sluice.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Places the fraud of the payments scenario on cards with a history (at least {@link #HISTORY}
 * legitimate payments before it, in the middle of the run, never in the last hour), so the truth is
 * fixed before any record is written. Shapes are drawn from wide ranges so rules cannot key on one
 * constant.
 */
final class FraudPlanner {

  static final int HISTORY = 4;
  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 60 * MINUTE_MS;
  private static final FraudPattern[] PER_CARD = {
    FraudPattern.CARD_TESTING, FraudPattern.IMPOSSIBLE_TRAVEL, FraudPattern.AMOUNT_SPIKE
  };

  /** Card not present (web, phone order) or present (a cloned card, a rogue terminal). */
  private static final String[] CHANNELS = {"web", "moto", "pos"};

  private FraudPlanner() {}

  static List<PlannedPayment> plan(
      PaymentsConfig config, PaymentCard[] cards, List<List<PlannedPayment>> legit) {
    SplittableRandom r = new SplittableRandom(config.seed() ^ 0xF4A0D1L);
    List<PlannedPayment> out = new ArrayList<>();
    boolean[] hit = new boolean[cards.length];
    int turn = 0;
    for (PaymentCard card : cards) {
      if (r.nextDouble() >= config.fraudCardShare()) {
        continue;
      }
      Long anchor = anchor(config, legit.get(card.index), r);
      if (anchor == null) {
        continue;
      }
      hit[card.index] = true;
      switch (PER_CARD[turn++ % PER_CARD.length]) {
        case CARD_TESTING -> cardTesting(card, anchor, r, out);
        case IMPOSSIBLE_TRAVEL -> impossibleTravel(card, anchor, r, out);
        default -> amountSpike(card, anchor, r, out);
      }
    }
    if (config.fraudCardShare() > 0) {
      long attacks = Math.max(1, Math.round(cards.length * config.days() / 500));
      for (int a = 0; a < attacks; a++) {
        merchantAttack(config, cards, legit, hit, r, out);
      }
    }
    return out;
  }

  /** A time just after one of the card's legitimate payments, with history before it. */
  private static Long anchor(
      PaymentsConfig config, List<PlannedPayment> payments, SplittableRandom r) {
    long from = config.startMillis() + config.duration().toMillis() / 4;
    long to = config.endMillis() - HOUR_MS;
    List<Long> candidates = new ArrayList<>();
    for (int i = HISTORY; i < payments.size(); i++) {
      long t = payments.get(i).time;
      if (t >= from && t < to) {
        candidates.add(t);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(r.nextInt(candidates.size()));
  }

  /** 5-15 amounts of 0.50-2.99 on the web within 30-150 s, one merchant the card never uses. */
  private static void cardTesting(
      PaymentCard card, long anchor, SplittableRandom r, List<PlannedPayment> out) {
    int n = 5 + r.nextInt(11);
    long t = anchor + (2 + r.nextInt(60)) * MINUTE_MS;
    long spread = 30_000 + r.nextInt(120_000);
    int merchant = PaymentCard.anyMerchant(r);
    for (int i = 0; i < n; i++) {
      long at = t + spread * i / n + r.nextInt(3_000);
      out.add(
          card.payment(
              at,
              0.5 + 2.49 * r.nextDouble(),
              merchant,
              card.home.code(),
              "web",
              FraudPattern.CARD_TESTING));
    }
  }

  /** 1-3 card-present payments on another continent 5-40 min after a payment at home. */
  private static void impossibleTravel(
      PaymentCard card, long anchor, SplittableRandom r, List<PlannedPayment> out) {
    List<PaymentCard.Country> far = new ArrayList<>();
    for (PaymentCard.Country c : PaymentCard.COUNTRIES) {
      if (!c.region().equals(card.home.region())) {
        far.add(c);
      }
    }
    String country = far.get(r.nextInt(far.size())).code();
    int n = 1 + r.nextInt(3);
    long t = anchor + (5 + r.nextInt(36)) * MINUTE_MS;
    for (int i = 0; i < n; i++) {
      double amount = PaymentCard.logNormal(r, card.medianAmount * (1 + 2 * r.nextDouble()), 0.4);
      int merchant = PaymentCard.anyMerchant(r);
      out.add(card.payment(t, amount, merchant, country, "pos", FraudPattern.IMPOSSIBLE_TRAVEL));
      t += (2 + r.nextInt(15)) * MINUTE_MS;
    }
  }

  /** 1-2 payments of 10-50 times the card's median, within half an hour. */
  private static void amountSpike(
      PaymentCard card, long anchor, SplittableRandom r, List<PlannedPayment> out) {
    int n = 1 + r.nextInt(2);
    long t = anchor + (5 + r.nextInt(120)) * MINUTE_MS;
    for (int i = 0; i < n; i++) {
      double amount = card.medianAmount * (10 + 40 * r.nextDouble());
      String channel = CHANNELS[r.nextInt(CHANNELS.length)];
      out.add(
          card.payment(
              t,
              amount,
              PaymentCard.anyMerchant(r),
              card.home.code(),
              channel,
              FraudPattern.AMOUNT_SPIKE));
      t += (1 + r.nextInt(30)) * MINUTE_MS;
    }
  }

  /**
   * One merchant charges 1-2 payments to each of many cards within 10-40 min, at one odd price
   * point (150-900, a few percent apart per charge): a breached shop or a rogue terminal.
   */
  private static void merchantAttack(
      PaymentsConfig config,
      PaymentCard[] cards,
      List<List<PlannedPayment>> legit,
      boolean[] hit,
      SplittableRandom r,
      List<PlannedPayment> out) {
    long span = config.duration().toMillis();
    long start = config.startMillis() + (long) (span * (0.3 + 0.6 * r.nextDouble()));
    long window = (10 + r.nextInt(31)) * MINUTE_MS;
    int merchant = PaymentCard.anyMerchant(r);
    double price = 150 + 750 * r.nextDouble();
    int wanted = (int) Math.max(6, Math.min(100, Math.round(cards.length * 0.01)));
    String channel = CHANNELS[r.nextInt(CHANNELS.length)];
    int tries = 0;
    for (int done = 0; done < wanted && tries < cards.length * 4; tries++) {
      PaymentCard card = cards[r.nextInt(cards.length)];
      long before = legit.get(card.index).stream().filter(p -> p.time < start).count();
      if (hit[card.index] || before < HISTORY) {
        continue;
      }
      hit[card.index] = true;
      done++;
      long t = start + (long) (window * r.nextDouble());
      int n = 1 + r.nextInt(2);
      for (int i = 0; i < n; i++) {
        double amount = price * (0.95 + 0.1 * r.nextDouble());
        out.add(
            card.payment(
                t, amount, merchant, card.home.code(), channel, FraudPattern.MERCHANT_ATTACK));
        t += 20_000 + r.nextInt(160_000);
      }
    }
  }
}
