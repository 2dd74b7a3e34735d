package dev.sluice.generator;

import java.util.List;

/**
 * What a simulated user does each day, as written in the truth file. The shares give the mix of a
 * run's users (bots are counted apart).
 */
public enum ShopperScript {
  /** Looks around once or twice a day, never adds to the cart. */
  BROWSER("browser", 30),
  /** Adds to the cart, sometimes starts the checkout, then leaves. */
  ABANDONER("abandoner", 20),
  /** Browses, adds one to three products and buys them in one visit. */
  BUYER("buyer", 20),
  /** Three to six visits a day; some close together, some bridged by a late click. */
  MULTI_SESSION("multi-session", 12),
  /** Pauses longer than the step timeout between steps, or exactly as long. */
  SLOW("slow", 8),
  /** Fills a cart, leaves, and comes back hours later to buy. */
  RETURNING("returning", 10),
  /** A crawler: hundreds of page views a minute in bursts, never buys. */
  BOT("bot", 0);

  static final List<ShopperScript> HUMANS =
      List.of(BROWSER, ABANDONER, BUYER, MULTI_SESSION, SLOW, RETURNING);

  private final String label;
  private final int share;

  ShopperScript(String label, int share) {
    this.label = label;
    this.share = share;
  }

  public String label() {
    return label;
  }

  /**
   * The script of the n-th user: a fixed interleaving that follows the shares, so even a run of ten
   * users has every script and the mix does not depend on the seed.
   */
  static ShopperScript ofUser(int n) {
    int slot = (int) ((n * 37L) % 100);
    for (ShopperScript s : HUMANS) {
      if (slot < s.share) {
        return s;
      }
      slot -= s.share;
    }
    throw new AssertionError("shares must add up to 100");
  }
}
