package dev.sluice.pipelines.paymentsrisk;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * What is remembered of one merchant between its payments, in event time only, so a replay gives
 * the same features: the payments of the last {@link #WINDOW_MS} (at most {@link #MAX_RECENT}),
 * each as (time, card, amount in cents). Card features see "unusual for this card"; these see "many
 * cards at one merchant at once", the mark of a breached shop or a rogue terminal charging one
 * price point to card after card.
 *
 * <p>Window, for a payment at event time t: (t - 30 min, t], the payment itself and every earlier
 * payment at the same millisecond included; one exactly 30 min before t is out. Payments must come
 * in event-time order (the DoFn sorts them); one earlier than the merchant's last is taken as at
 * the last time. Amounts are compared in whole cents, so "about the same amount" is exact: {@code
 * |a - x| * 100 <= SIMILAR_PERCENT * |x|}.
 *
 * <p>Mutable and not thread-safe: a DoFn owns one per merchant, read from and written to Beam state
 * with {@link MerchantFeaturesCoder}.
 */
public final class MerchantFeatures implements Serializable {

  private static final long serialVersionUID = 1L;

  static final long WINDOW_MS = 30 * 60_000L;

  /**
   * More payments within the window than this are forgotten oldest first: counts saturate here (a
   * merchant this busy is not attacked by a few dozen cards unseen, and each payment costs a pass).
   */
  static final int MAX_RECENT = 2_000;

  /** "About the same amount": within this many percent of the payment's amount, ends included. */
  static final long SIMILAR_PERCENT = 10;

  /** One payment of the window. */
  record Recent(long time, String card, long cents) implements Serializable {}

  /**
   * A payment's merchant features, as of it and including it.
   *
   * @param cards30m distinct cards charged at the merchant in (t - 30 min, t]
   * @param similarAmount30m distinct cards among them charged an amount within {@link
   *     #SIMILAR_PERCENT}% of this payment's (this card included)
   */
  public record Counts(int cards30m, int similarAmount30m) implements Serializable {}

  long lastTime = Long.MIN_VALUE;

  /** The window's payments, oldest first. */
  final ArrayDeque<Recent> recent = new ArrayDeque<>();

  /** Event time of the merchant's last payment (Long.MIN_VALUE before any). */
  public long lastTime() {
    return lastTime;
  }

  /** The amount in whole cents, rounded half up as the generator and the totals count them. */
  static long cents(double amount) {
    return Math.round(amount * 100);
  }

  /**
   * The merchant's features as of a payment of {@code card} at {@code timeMillis}, this payment
   * included; then remembers it.
   */
  public static Counts observe(
      MerchantFeatures merchant, long timeMillis, String card, double amount) {
    long t = merchant.recent.isEmpty() ? timeMillis : Math.max(timeMillis, merchant.lastTime);
    long x = cents(amount);
    merchant.recent.addLast(new Recent(t, card, x));
    while (merchant.recent.size() > MAX_RECENT
        || merchant.recent.peekFirst().time() <= t - WINDOW_MS) {
      merchant.recent.removeFirst();
    }
    Set<String> cards = new HashSet<>();
    Set<String> similar = new HashSet<>();
    long tolerance = SIMILAR_PERCENT * Math.abs(x);
    for (Iterator<Recent> it = merchant.recent.iterator(); it.hasNext(); ) {
      Recent r = it.next();
      cards.add(r.card());
      if (Math.abs(r.cents() - x) * 100 <= tolerance) {
        similar.add(r.card());
      }
    }
    merchant.lastTime = t;
    return new Counts(cards.size(), similar.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MerchantFeatures m
        && lastTime == m.lastTime
        && recent.stream().toList().equals(m.recent.stream().toList());
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastTime, recent.size());
  }
}
