package dev.sluice.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The payments scenario: cards sending {@code payment.authorized} CloudEvents (structured mode, key
 * and subject = card, {@code data} = amount, currency, merchant, country, channel), in arrival
 * order, with the defects of a real feed (disorder within 3 s, 0.5% duplicates, 0.1% malformed,
 * 0.1% arriving 2-10 min late) and fraud whose truth is known ({@link #truth()}). Fraudulent
 * payments are never malformed or late, so every one can be decided.
 *
 * <p>Deterministic for a config. Every payment is planned up front (about 100 bytes each: a million
 * payments fit in a small heap), then sorted by arrival.
 */
public final class PaymentsGenerator implements Iterator<GeneratedRecord> {

  static final double DUPLICATE_SHARE = 0.005;
  static final double MALFORMED_SHARE = 0.001;
  static final double LATE_SHARE = 0.001;
  static final long MAX_DELAY_MILLIS = 3_000;
  static final long LATE_MIN_MILLIS = 120_000;
  static final long LATE_MAX_MILLIS = 600_000;
  private static final long RETRY_MAX_MILLIS = 30_000;
  static final String SOURCE = "/payments/acquirer";

  private record Pending(long arrival, long seq, PlannedPayment payment, RecordKind kind) {}

  private final PaymentsConfig config;
  private final PaymentCard[] cards;
  private final List<FraudTruth> truth = new ArrayList<>();
  private final Map<FraudPattern, Integer> fraudCounts = new EnumMap<>(FraudPattern.class);
  private final List<Pending> queue = new ArrayList<>();
  private final long payments;
  private int next;

  public PaymentsGenerator(PaymentsConfig config) {
    this.config = config;
    SplittableRandom traits = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    cards = new PaymentCard[config.cards()];
    List<List<PlannedPayment>> legit = new ArrayList<>(cards.length);
    for (int c = 0; c < cards.length; c++) {
      cards[c] = new PaymentCard(c, traits);
      legit.add(cards[c].legit(config, new SplittableRandom(config.seed() * 31 + c)));
    }
    List<PlannedPayment> all = new ArrayList<>();
    legit.forEach(all::addAll);
    all.addAll(FraudPlanner.plan(config, cards, legit));
    all.sort(Comparator.comparingLong((PlannedPayment p) -> p.time).thenComparingInt(p -> p.card));
    payments = all.size();
    long id = 1;
    for (PlannedPayment p : all) {
      p.id = config.idPrefix() + id++;
      if (p.fraud != null) {
        truth.add(new FraudTruth(p.id, cards[p.card].name, Instant.ofEpochMilli(p.time), p.fraud));
        fraudCounts.merge(p.fraud, 1, Integer::sum);
      }
    }
    defects(all, new SplittableRandom(config.seed() ^ 0xDEFEC7L));
  }

  private void defects(List<PlannedPayment> all, SplittableRandom r) {
    long seq = 0;
    for (PlannedPayment p : all) {
      RecordKind kind = RecordKind.ON_TIME;
      long arrival = p.time + (long) (r.nextDouble() * MAX_DELAY_MILLIS);
      if (p.fraud == null && r.nextDouble() < MALFORMED_SHARE) {
        kind = RecordKind.MALFORMED_WRONG_TYPES;
      } else if (p.fraud == null && r.nextDouble() < LATE_SHARE) {
        kind = RecordKind.LATE_WITHIN;
        arrival = p.time + LATE_MIN_MILLIS + r.nextLong(LATE_MAX_MILLIS - LATE_MIN_MILLIS);
      }
      queue.add(new Pending(arrival, seq++, p, kind));
      if (!kind.isMalformed() && r.nextDouble() < DUPLICATE_SHARE) {
        long again = arrival + 1 + r.nextLong(RETRY_MAX_MILLIS);
        queue.add(new Pending(again, seq++, p, RecordKind.DUPLICATE));
      }
    }
    queue.sort(Comparator.comparingLong(Pending::arrival).thenComparingLong(Pending::seq));
  }

  /** Every fraudulent payment, in event-time order. */
  public List<FraudTruth> truth() {
    return truth;
  }

  /** Fraudulent payments per pattern. */
  public Map<FraudPattern, Integer> fraudCounts() {
    return fraudCounts;
  }

  /** Payments planned (each once: duplicates and malformed copies are records, not payments). */
  public long payments() {
    return payments;
  }

  /** Records the run writes, duplicates included. */
  public long expectedRecords() {
    return queue.size();
  }

  /** Heavy users, travellers: what the legitimate side looks like. */
  public String cardsSummary() {
    long heavy = java.util.Arrays.stream(cards).filter(c -> c.heavy).count();
    long travellers = java.util.Arrays.stream(cards).filter(c -> c.traveller).count();
    return String.format(
        "cards: %d (%d heavy users, %d travellers), %d payments, %d fraudulent%n",
        cards.length, heavy, travellers, payments, truth.size());
  }

  @Override
  public boolean hasNext() {
    return next < queue.size();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Pending pending = queue.get(next);
    queue.set(next++, null); // written records need not stay in memory
    PlannedPayment p = pending.payment();
    String card = cards[p.card].name;
    byte[] value = event(p, card, pending.kind().isMalformed());
    return new GeneratedRecord(
        card,
        value,
        List.of(EventGenerator.STRUCTURED_CONTENT_TYPE),
        pending.kind(),
        false,
        Instant.ofEpochMilli(p.time),
        SOURCE,
        p.id,
        pending.kind().isMalformed() ? Double.NaN : p.cents / 100.0);
  }

  static byte[] event(PlannedPayment p, String card, boolean malformed) {
    String json =
        "{\"specversion\":\"1.0\",\"id\":\""
            + p.id
            + "\",\"source\":\""
            + SOURCE
            + "\",\"type\":\"payment.authorized\",\"time\":\""
            + Instant.ofEpochMilli(p.time)
            + "\",\"subject\":\""
            + card
            + "\",\"datacontenttype\":\"application/json\",\"data\":{\"amount\":"
            // A terminal that sends the amount as formatted text.
            + (malformed ? "\"" + p.amount() + " EUR\"" : p.amount())
            + ",\"currency\":\"EUR\",\"merchant\":\"m-"
            + p.merchant
            + "\",\"country\":\""
            + p.country
            + "\",\"channel\":\""
            + p.channel
            + "\"}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
