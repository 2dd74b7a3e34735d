package dev.sluice.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes each user's clicks over the run from their {@link ShopperScript}: visits of a few minutes
 * separated by more than the session gap, whose pauses sit inside the step timeout except where a
 * script exceeds (or exactly meets) it on purpose. A few pairs of visits are left just over one gap
 * apart with a click in between, the click the generator then sends late so it merges them.
 */
final class Journeys {

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private enum Visit {
    BROWSE,
    ABANDON,
    PURCHASE,
    SLOW_PURCHASE
  }

  private final ShopCatalog catalog;
  private final long start;
  private final long end;
  private final long gap;
  private final long timeout;

  Journeys(ClickstreamConfig config, ShopCatalog catalog) {
    this.catalog = catalog;
    this.start = config.startMillis();
    this.end = config.endMillis();
    this.gap = config.sessionGap().toMillis();
    this.timeout = config.stepTimeout().toMillis();
  }

  /** A shopper's clicks in time order, all before the run's end. */
  List<Click> shopper(String user, ShopperScript script, SplittableRandom r) {
    boolean app = r.nextInt(10) < 3;
    Trail trail = new Trail(user, app ? "/shop/app" : "/shop/web", app, r);
    for (long day = start; day < end; day += DAY) {
      trail.t = Math.max(day + r.nextLong(spread(day, 8 * HOUR)), trail.last + gap + 10 * MINUTE);
      List<Visit> visits = plan(script, r);
      for (int v = 0; v < visits.size(); v++) {
        if (v > 0) {
          pauseBetweenVisits(trail, script, r);
        }
        visit(trail, visits.get(v));
      }
    }
    trail.clicks.removeIf(c -> c.timeMillis() >= end);
    return trail.clicks;
  }

  /** A crawler: one to three bursts a day of 1-5 minutes at 200-600 product pages a minute. */
  List<Click> bot(String name, SplittableRandom r) {
    Trail trail = new Trail(name, "/shop/web", false, r);
    int next = r.nextInt(catalog.size());
    for (long day = start; day < end; day += DAY) {
      trail.t = Math.max(day + r.nextLong(spread(day, 6 * HOUR)), trail.last + gap + HOUR);
      int bursts = 1 + r.nextInt(3);
      for (int b = 0; b < bursts; b++) {
        long burstEnd = trail.t + MINUTE + r.nextLong(4 * MINUTE);
        long every = MINUTE / (200 + r.nextInt(401));
        while (trail.t < burstEnd) {
          int p = next++ % catalog.size();
          trail.add(Click.PAGE_VIEW, catalog.page(p), p, catalog.price(p));
          trail.t += every;
        }
        trail.t = trail.last + gap + HOUR + r.nextLong(4 * HOUR);
      }
    }
    trail.clicks.removeIf(c -> c.timeMillis() >= end);
    return trail.clicks;
  }

  /** How far into a day the first visit may start: less when the run ends within hours. */
  private long spread(long day, long most) {
    return Math.max(1, Math.min(most, (end - day) / 3));
  }

  private static List<Visit> plan(ShopperScript script, SplittableRandom r) {
    List<Visit> visits = new ArrayList<>();
    switch (script) {
      case BROWSER -> visits.addAll(r.nextBoolean() ? List.of(Visit.BROWSE) : browseTwice());
      case ABANDONER ->
          visits.addAll(
              r.nextBoolean()
                  ? List.of(Visit.BROWSE, Visit.ABANDON)
                  : List.of(Visit.ABANDON, Visit.BROWSE));
      case BUYER ->
          visits.addAll(
              r.nextBoolean() ? List.of(Visit.PURCHASE) : List.of(Visit.BROWSE, Visit.PURCHASE));
      case MULTI_SESSION -> {
        int n = 3 + r.nextInt(4);
        int buyAt = r.nextBoolean() ? r.nextInt(n) : -1;
        for (int i = 0; i < n; i++) {
          visits.add(i == buyAt ? Visit.PURCHASE : Visit.BROWSE);
        }
      }
      case SLOW -> visits.add(Visit.SLOW_PURCHASE);
      case RETURNING -> visits.addAll(List.of(Visit.ABANDON, Visit.PURCHASE));
      case BOT -> throw new IllegalArgumentException("bots have no visits");
    }
    return visits;
  }

  private static List<Visit> browseTwice() {
    return List.of(Visit.BROWSE, Visit.BROWSE);
  }

  private void pauseBetweenVisits(Trail trail, ShopperScript script, SplittableRandom r) {
    if (script == ShopperScript.RETURNING) {
      trail.t = trail.last + 2 * HOUR + r.nextLong(6 * HOUR);
      return;
    }
    if (script == ShopperScript.MULTI_SESSION) {
      int roll = r.nextInt(10);
      if (roll < 2) {
        // Exactly one gap apart: Beam's windows [t, t + gap) only touch, so two sessions.
        trail.t = trail.last + gap;
        return;
      }
      if (roll < 5) {
        // Just over one gap apart, with a click in between that is within a gap of both.
        long next = trail.last + gap + gap / 15 + r.nextLong(gap / 7);
        trail.t = trail.last + gap - gap / 30 - r.nextLong(gap / 10);
        trail.view(true);
        trail.t = next;
        return;
      }
      trail.t = trail.last + gap + 10 * MINUTE + r.nextLong(2 * HOUR);
      return;
    }
    trail.t = trail.last + gap + 10 * MINUTE + r.nextLong(3 * HOUR);
  }

  private void visit(Trail trail, Visit visit) {
    SplittableRandom r = trail.random;
    trail.visits++;
    switch (visit) {
      case BROWSE -> trail.browse(2 + r.nextInt(11));
      case ABANDON -> {
        trail.browse(2 + r.nextInt(7));
        trail.cart(1 + r.nextInt(2));
        if (r.nextBoolean()) {
          trail.t += MINUTE + r.nextLong(4 * MINUTE);
          trail.add(Click.CHECKOUT, "/checkout", trail.lastCarted, trail.cartTotal);
        }
      }
      case PURCHASE -> {
        trail.browse(1 + r.nextInt(6));
        trail.cart(1 + r.nextInt(3));
        trail.t += MINUTE + r.nextLong(9 * MINUTE);
        trail.checkoutAndPay(MINUTE + r.nextLong(4 * MINUTE));
      }
      case SLOW_PURCHASE -> {
        trail.browse(1 + r.nextInt(4));
        // Too slow to add: this cart click finds the funnel abandoned, and is ignored.
        trail.t = trail.last + timeout + MINUTE + r.nextLong(9 * MINUTE);
        trail.cart(1);
        trail.view(false);
        trail.t += 20 * SECOND + r.nextLong(40 * SECOND);
        trail.cart(1);
        if (r.nextInt(10) < 3) {
          // Exactly at the timeout: still in time (t - stepTime <= timeout), so it completes.
          trail.t = trail.last + timeout;
          trail.checkoutAndPay(timeout);
        } else {
          trail.t = trail.last + timeout + MINUTE + r.nextLong(9 * MINUTE);
          trail.checkoutAndPay(MINUTE + r.nextLong(4 * MINUTE));
        }
      }
    }
  }

  /** One user's clicks as they are written, with the clock between them. */
  private final class Trail {
    final String user;
    final String source;
    final boolean app;
    final SplittableRandom random;
    final List<Click> clicks = new ArrayList<>();
    long t;
    long last = Long.MIN_VALUE / 4;
    int visits;
    int lastViewed = -1;
    int lastCarted = -1;
    double cartTotal;

    Trail(String user, String source, boolean app, SplittableRandom random) {
      this.user = user;
      this.source = source;
      this.app = app;
      this.random = random;
    }

    void add(String type, String page, int product, double price) {
      add(type, page, product, product, price, false);
    }

    /** A click; {@code product} and {@code category} are catalogue indexes, -1 for none. */
    void add(String type, String page, int product, int category, double price, boolean bridge) {
      String hint = app ? "app-" + user + "-" + visits : null;
      clicks.add(
          new Click(
              t,
              user,
              source,
              type,
              page,
              product < 0 ? null : catalog.product(product),
              category < 0 ? null : catalog.category(category),
              price,
              hint,
              bridge));
      last = t;
    }

    /** Page views 5 s to 2 min apart. */
    void browse(int views) {
      for (int i = 0; i < views; i++) {
        view(false);
        t += 5 * SECOND + random.nextLong(115 * SECOND);
      }
    }

    /** A product page mostly; else a category page, the home page or a search. */
    void view(boolean bridge) {
      int p = random.nextInt(catalog.size());
      int roll = random.nextInt(10);
      if (roll < 6) {
        lastViewed = p;
        add(Click.PAGE_VIEW, catalog.page(p), p, p, catalog.price(p), bridge);
      } else if (roll < 8) {
        add(Click.PAGE_VIEW, "/" + catalog.category(p), -1, p, Double.NaN, bridge);
      } else {
        add(Click.PAGE_VIEW, roll == 8 ? "/" : "/search", -1, -1, Double.NaN, bridge);
      }
    }

    /** Adds products to a fresh cart, each after viewing it for 20-90 s. */
    void cart(int products) {
      cartTotal = 0;
      for (int i = 0; i < products; i++) {
        int p = random.nextInt(catalog.size());
        if (i > 0 || lastViewed < 0) {
          add(Click.PAGE_VIEW, catalog.page(p), p, catalog.price(p));
          t += 20 * SECOND + random.nextLong(70 * SECOND);
        } else {
          p = lastViewed;
        }
        add(Click.ADD_TO_CART, catalog.page(p), p, catalog.price(p));
        lastCarted = p;
        cartTotal = Math.round((cartTotal + catalog.price(p)) * 100) / 100.0;
        t += 10 * SECOND + random.nextLong(50 * SECOND);
      }
    }

    void checkoutAndPay(long pause) {
      add(Click.CHECKOUT, "/checkout", lastCarted, cartTotal);
      t += pause;
      add(Click.PURCHASE, "/checkout/confirmation", lastCarted, cartTotal);
    }
  }
}
