package dev.sluice.generator;

import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;

/**
 * An endless stream of card payments whose event time follows a clock from {@code start} at about
 * {@code rate} payments per second: each card pays every 5-60 s at one of its merchants in its home
 * country around its own median amount; now and then a card-testing burst (six tiny charges a few
 * seconds apart), a payment abroad or an amount spike. With a live feed's defects ({@link
 * LiveFeed}; a malformed payment sends its amount as text).
 */
public final class LivePayments extends LiveFeed {

  /** Mean time between one card's payments, bursts included (measured): sizes the crowd. */
  private static final double MEAN_PAUSE_SECONDS = 32;

  private static final List<String> COUNTRIES = List.of("FR", "DE", "NL", "ES", "IT", "US", "BR");
  private static final List<String> CHANNELS = List.of("web", "pos", "pos", "moto");

  private static final class Card {
    final String name;
    final int index;
    final String home;
    final long medianCents;
    final int merchant;
    long nextAt;
    int burst; // tiny charges still to come in a card-testing burst

    Card(int index, String home, long medianCents, int merchant, long nextAt) {
      this.name = "card-" + (index + 1);
      this.index = index;
      this.home = home;
      this.medianCents = medianCents;
      this.merchant = merchant;
      this.nextAt = nextAt;
    }
  }

  private final String idPrefix;
  private final PriorityQueue<Card> cards =
      new PriorityQueue<>((a, b) -> Long.compare(a.nextAt, b.nextAt));
  private long ids;

  public LivePayments(long seed, Instant start, double rate, String idPrefix) {
    super(seed);
    this.idPrefix = idPrefix;
    int crowd = (int) Math.max(5, Math.ceil(rate * MEAN_PAUSE_SECONDS));
    for (int i = 0; i < crowd; i++) {
      long first = start.toEpochMilli() + random.nextLong((long) (MEAN_PAUSE_SECONDS * 1000));
      String home = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
      cards.add(new Card(i, home, 800 + random.nextLong(12_000), random.nextInt(200), first));
    }
  }

  @Override
  protected long nextTime() {
    return cards.peek().nextAt;
  }

  @Override
  protected GeneratedRecord event() {
    Card c = cards.poll();
    PlannedPayment p = payment(c, c.nextAt);
    cards.add(c);
    return record(c, p);
  }

  @Override
  protected GeneratedRecord malformed(GeneratedRecord r) {
    // Rebuilt with the amount as text: the same payment, as a terminal that formats it sends it.
    String text = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
    String broken = text.replaceFirst("\"amount\":([0-9.]+)", "\"amount\":\"$1 EUR\"");
    return new GeneratedRecord(
        r.key(),
        broken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        r.headers(),
        RecordKind.MALFORMED_WRONG_TYPES,
        false,
        r.eventTime(),
        r.source(),
        r.id(),
        Double.NaN);
  }

  private PlannedPayment payment(Card c, long time) {
    long cents;
    String country = c.home;
    String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
    int merchant = random.nextInt(4) == 0 ? random.nextInt(200) : c.merchant;
    if (c.burst > 0) {
      c.burst--;
      cents = 50 + random.nextLong(250);
      channel = "web";
      c.nextAt = time + 2000 + random.nextLong(6000);
    } else {
      double roll = random.nextDouble();
      cents = Math.max(100, (long) (c.medianCents * Math.exp(0.5 * random.nextGaussian())));
      if (roll < 0.003) {
        c.burst = 6;
      } else if (roll < 0.006) {
        country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
        channel = "pos";
      } else if (roll < 0.009) {
        cents *= 10 + random.nextInt(40);
      }
      c.nextAt = time + (c.burst > 0 ? 3000 : 5000 + random.nextLong(55_000));
    }
    PlannedPayment p = new PlannedPayment(time, c.index, cents, merchant, country, channel, null);
    p.id = idPrefix + ++ids;
    return p;
  }

  private static GeneratedRecord record(Card c, PlannedPayment p) {
    return new GeneratedRecord(
        c.name,
        PaymentsGenerator.event(p, c.name, false),
        List.of(EventGenerator.STRUCTURED_CONTENT_TYPE),
        RecordKind.ON_TIME,
        false,
        Instant.ofEpochMilli(p.time),
        PaymentsGenerator.SOURCE,
        p.id,
        p.cents / 100.0);
  }
}
