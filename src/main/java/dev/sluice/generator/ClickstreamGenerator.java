package dev.sluice.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The clickstream scenario: shoppers following scripted journeys and a few bots, as structured
 * CloudEvents ({@code page_view}, {@code add_to_cart}, {@code checkout}, {@code purchase}; key and
 * subject = user; {@code data} = page, product, category, price, sessionHint) in arrival order,
 * with the defects of a real feed. The truth ({@link #truth()}, {@link #labels()}) is every valid
 * event and each user's script, from which sessions and funnels can be recomputed.
 *
 * <p>Deterministic for a config: every draw comes from generators seeded by it. The whole run is
 * planned up front (about 150 bytes per click), which suits runs up to a few million clicks.
 *
 * <p>Not thread-safe.
 */
public final class ClickstreamGenerator implements Iterator<GeneratedRecord> {

  static final double DUPLICATE_SHARE = 0.005;
  static final double MALFORMED_SHARE = 0.001;
  static final double LATE_SHARE = 0.005;

  /** Ordinary network delay: clicks overtake each other within this much. */
  static final long MAX_DELAY_MILLIS = 3_000;

  static final long LATE_MIN_MILLIS = 120_000;
  static final long LATE_MAX_MILLIS = 600_000;

  /** A producer retry re-sends the same bytes shortly after the original. */
  private static final long RETRY_MAX_MILLIS = 30_000;

  /** One event as it will be sent; {@code id} is shared by a duplicate and its original. */
  private record Pending(long arrival, long seq, Click click, String id, RecordKind kind) {}

  /** A valid event of the truth: the click, its id and how it was first sent. */
  public record TruthClick(String id, Click click, RecordKind kind) {}

  private final ClickstreamConfig config;
  private final Map<String, ShopperScript> labels = new LinkedHashMap<>();
  private final List<TruthClick> truth = new ArrayList<>();
  private final Pending[] pending;
  private final ClickstreamCounts counts = new ClickstreamCounts();
  private final StringBuilder json = new StringBuilder(400);
  private int next;

  public ClickstreamGenerator(ClickstreamConfig config) {
    this.config = config;
    Journeys journeys = new Journeys(config, new ShopCatalog(config.seed()));
    SplittableRandom scripts = new SplittableRandom(config.seed());
    List<List<Click>> trails = new ArrayList<>();
    for (int u = 0; u < config.users(); u++) {
      ShopperScript script = ShopperScript.ofUser(u);
      String user = "user-" + (u + 1);
      labels.put(user, script);
      trails.add(journeys.shopper(user, script, scripts.split()));
    }
    for (int b = 0; b < config.bots(); b++) {
      String bot = "bot-" + (b + 1);
      labels.put(bot, ShopperScript.BOT);
      trails.add(journeys.bot(bot, scripts.split()));
    }
    List<Pending> sent = send(trails, ids(trails));
    sent.sort(Comparator.comparingLong(Pending::arrival).thenComparingLong(Pending::seq));
    pending = sent.toArray(new Pending[0]);
    for (Pending p : pending) {
      if (p.kind() != RecordKind.DUPLICATE && !p.kind().isMalformed()) {
        truth.add(new TruthClick(p.id(), p.click(), p.kind()));
        counts.event(p.click());
      }
    }
  }

  /** Ids in event-time order across all users, so they read like a shop's sequence numbers. */
  private String[][] ids(List<List<Click>> trails) {
    List<int[]> all = new ArrayList<>();
    for (int u = 0; u < trails.size(); u++) {
      for (int i = 0; i < trails.get(u).size(); i++) {
        all.add(new int[] {u, i});
      }
    }
    all.sort(
        Comparator.<int[]>comparingLong(a -> trails.get(a[0]).get(a[1]).timeMillis())
            .thenComparingInt(a -> a[0])
            .thenComparingInt(a -> a[1]));
    String[][] ids = new String[trails.size()][];
    for (int u = 0; u < trails.size(); u++) {
      ids[u] = new String[trails.get(u).size()];
    }
    long n = 1;
    for (int[] a : all) {
      ids[a[0]][a[1]] = config.idPrefix() + n++;
    }
    return ids;
  }

  /** Decides each click's arrival and defect: delay, late, malformed, re-sent. */
  private List<Pending> send(List<List<Click>> trails, String[][] ids) {
    SplittableRandom r = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    List<Pending> out = new ArrayList<>();
    long seq = 0;
    for (int u = 0; u < trails.size(); u++) {
      List<Click> trail = trails.get(u);
      for (int i = 0; i < trail.size(); i++) {
        Click c = trail.get(i);
        long time = c.timeMillis();
        RecordKind kind = RecordKind.ON_TIME;
        long arrival = time + r.nextLong(MAX_DELAY_MILLIS);
        if (c.bridge() && i + 1 < trail.size()) {
          // After the next visit has begun, so the two sessions are already under way apart.
          kind = RecordKind.LATE_WITHIN;
          arrival = trail.get(i + 1).timeMillis() + 30_000 + r.nextLong(150_000);
          counts.bridges++;
        } else if (r.nextDouble() < MALFORMED_SHARE) {
          kind =
              r.nextBoolean() ? RecordKind.MALFORMED_NOT_JSON : RecordKind.MALFORMED_MISSING_TIME;
        } else if (r.nextDouble() < LATE_SHARE) {
          kind = RecordKind.LATE_WITHIN;
          arrival = time + LATE_MIN_MILLIS + r.nextLong(LATE_MAX_MILLIS - LATE_MIN_MILLIS);
        }
        out.add(new Pending(arrival, seq++, c, ids[u][i], kind));
        if (!kind.isMalformed() && r.nextDouble() < DUPLICATE_SHARE) {
          long again = arrival + 1 + r.nextLong(RETRY_MAX_MILLIS);
          out.add(new Pending(again, seq++, c, ids[u][i], RecordKind.DUPLICATE));
        }
      }
    }
    return out;
  }

  /** Every valid event once, in the order first sent (a later repeat of an id is a duplicate). */
  public List<TruthClick> truth() {
    return truth;
  }

  /** Each user's script, users first then bots. */
  public Map<String, ShopperScript> labels() {
    return labels;
  }

  public ClickstreamCounts counts() {
    return counts;
  }

  /** How many records the run writes, for progress. */
  public long expectedRecords() {
    return pending.length;
  }

  public ClickstreamConfig config() {
    return config;
  }

  @Override
  public boolean hasNext() {
    return next < pending.length;
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Pending p = pending[next];
    pending[next++] = null;
    Click c = p.click();
    byte[] value = event(p.id(), c, p.kind() != RecordKind.MALFORMED_MISSING_TIME);
    if (p.kind() == RecordKind.MALFORMED_NOT_JSON) {
      // A write cut short: the first half of the JSON.
      value = Arrays.copyOf(value, value.length / 2);
    }
    return new GeneratedRecord(
        c.user(),
        value,
        p.kind().isMalformed() ? List.of() : List.of(EventGenerator.STRUCTURED_CONTENT_TYPE),
        p.kind(),
        false,
        p.kind().isMalformed() ? null : Instant.ofEpochMilli(c.timeMillis()),
        c.source(),
        p.id(),
        Double.NaN);
  }

  private byte[] event(String id, Click c, boolean withTime) {
    return cloudEvent(json, id, c, withTime);
  }

  /** The click as a structured CloudEvent, built in {@code sb} (reused for speed). */
  static byte[] cloudEvent(StringBuilder sb, String id, Click c, boolean withTime) {
    sb.setLength(0);
    sb.append("{\"specversion\":\"1.0\",\"id\":\"")
        .append(id)
        .append("\",\"source\":\"")
        .append(c.source())
        .append("\",\"type\":\"")
        .append(c.type());
    if (withTime) {
      sb.append("\",\"time\":\"").append(Instant.ofEpochMilli(c.timeMillis()));
    }
    sb.append("\",\"subject\":\"")
        .append(c.user())
        .append("\",\"datacontenttype\":\"application/json\",\"data\":{\"page\":\"")
        .append(c.page())
        .append('"');
    if (c.product() != null) {
      sb.append(",\"product\":\"").append(c.product()).append('"');
    }
    if (c.category() != null) {
      sb.append(",\"category\":\"").append(c.category()).append('"');
    }
    if (!Double.isNaN(c.price())) {
      sb.append(",\"price\":").append(c.price());
    }
    if (c.sessionHint() != null) {
      sb.append(",\"sessionHint\":\"").append(c.sessionHint()).append('"');
    }
    sb.append("}}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
