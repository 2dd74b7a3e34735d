package dev.sluice.generator;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * An endless stream of shoppers' clicks whose event time follows a clock from {@code start} at
 * about {@code rate} clicks per second: each shopper browses (a click every 1-6 s), goes down the
 * funnel now and then, and leaves for 40-90 s (a new session) once in a while. Defects as a live
 * feed has them: disorder within 2 s, repeats, records cut short, and a few clicks 30-90 s late.
 * Sessions and funnels close within a minute or two under a short gap and step timeout, so a fault
 * test of a few minutes sees many of them end.
 */
public final class LiveClicks extends LiveFeed {

  /** Mean time between one shopper's clicks, leaving included (measured): sizes the crowd. */
  private static final double MEAN_PAUSE_SECONDS = 13.7;

  private static final class Shopper {
    final String user;
    long nextAt;
    int stage = -1; // index in Click.TYPES reached in this visit, -1 between visits
    double cart;

    Shopper(String user, long nextAt) {
      this.user = user;
      this.nextAt = nextAt;
    }
  }

  /** Chance that a shopper at view, cart, checkout takes the next step rather than browse on. */
  private static final double[] ADVANCE = {0.25, 0.5, 0.6};

  private final ShopCatalog catalog;
  private final String idPrefix;
  private final PriorityQueue<Shopper> shoppers =
      new PriorityQueue<>((a, b) -> Long.compare(a.nextAt, b.nextAt));
  private final StringBuilder json = new StringBuilder(400);
  private long ids;

  public LiveClicks(long seed, Instant start, double rate, String idPrefix) {
    super(seed);
    this.catalog = new ShopCatalog(seed);
    this.idPrefix = idPrefix;
    int crowd = (int) Math.max(5, Math.ceil(rate * MEAN_PAUSE_SECONDS));
    for (int i = 0; i < crowd; i++) {
      // Spread the first clicks over one mean pause, so the rate is steady from the start.
      long first = start.toEpochMilli() + random.nextLong((long) (MEAN_PAUSE_SECONDS * 1000));
      shoppers.add(new Shopper("shopper-" + (i + 1), first));
    }
  }

  @Override
  protected long nextTime() {
    return shoppers.peek().nextAt;
  }

  @Override
  protected GeneratedRecord event() {
    Shopper s = shoppers.poll();
    Click click = click(s, s.nextAt);
    shoppers.add(s);
    String id = idPrefix + ++ids;
    return record(click, id, ClickstreamGenerator.cloudEvent(json, id, click, true));
  }

  @Override
  protected GeneratedRecord malformed(GeneratedRecord r) {
    return new GeneratedRecord(
        r.key(),
        Arrays.copyOf(r.value(), r.value().length / 2),
        List.of(),
        RecordKind.MALFORMED_NOT_JSON,
        false,
        null,
        r.source(),
        r.id(),
        Double.NaN);
  }

  /** The shopper's next click at {@code time}, and when the one after it comes. */
  private Click click(Shopper s, long time) {
    int product = random.nextInt(catalog.size());
    int stage = 0;
    if (s.stage < 0) {
      s.stage = 0;
      s.cart = 0;
    } else if (random.nextDouble() < ADVANCE[s.stage]) {
      stage = ++s.stage;
    }
    if (stage == 1) {
      s.cart += catalog.price(product);
    }
    if (stage == 3 || random.nextDouble() < 0.1) {
      s.stage = -1; // gone for longer than any session gap: the next click starts a new visit
      s.nextAt = time + 40_000 + random.nextLong(50_000);
    } else {
      s.nextAt = time + 1000 + random.nextLong(5000);
    }
    String type = Click.TYPES.get(stage);
    boolean paying = stage >= 2;
    return new Click(
        time,
        s.user,
        "/shop/web",
        type,
        stage == 0 ? catalog.page(product) : "/" + type.replace('_', '-'),
        stage <= 1 ? catalog.product(product) : null,
        stage <= 1 ? catalog.category(product) : null,
        paying
            ? Math.round(s.cart * 100) / 100.0
            : stage == 1 ? catalog.price(product) : Double.NaN,
        null,
        false);
  }

  private static GeneratedRecord record(Click c, String id, byte[] value) {
    return new GeneratedRecord(
        c.user(),
        value,
        List.of(EventGenerator.STRUCTURED_CONTENT_TYPE),
        RecordKind.ON_TIME,
        false,
        Instant.ofEpochMilli(c.timeMillis()),
        c.source(),
        id,
        Double.NaN);
  }
}
