package dev.sluice.bench;

import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import java.time.Instant;

/**
 * The input of the clickstream row: the shop of {@code generate --scenario clickstream} ({@link
 * ClickstreamGenerator}: shoppers on scripted journeys and a few bots, page_view, add_to_cart,
 * checkout and purchase CloudEvents keyed by user, with its repeated, malformed and late clicks),
 * one day of event time, scaled to about {@code clicks} by the number of users.
 *
 * @param clicks about how many records, within a few percent (see {@link #RECORDS_PER_USER})
 */
public record ClickstreamWorkload(long clicks) implements ScenarioWorkload {

  /**
   * Records per user over the generator's default day, bots included: a shopper makes about 15
   * clicks, and each of the one bot per 100 users about 2,300 (measured with seed 42: 1,923 users
   * give 72,787 records, 28,574 without the bots; 1,315 give 50,738). The demo's 26 per user
   * undercounts them.
   */
  static final int RECORDS_PER_USER = 38;

  /**
   * A fixed past day, as the demo's: the same clicks in every invocation, and no event beyond its
   * record's Kafka timestamp (the pipeline's future-skew check rejects those).
   */
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  static final long SEED = 42;

  public static ClickstreamWorkload of(long clicks) {
    return new ClickstreamWorkload(clicks);
  }

  int users() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, clicks / RECORDS_PER_USER));
  }

  ClickstreamConfig config() {
    return ClickstreamConfig.defaults(SEED, users(), START);
  }

  @Override
  public Records records() {
    ClickstreamGenerator shop = new ClickstreamGenerator(config());
    return new Records(shop, shop.expectedRecords());
  }

  @Override
  public long endMillis() {
    ClickstreamConfig c = config();
    return c.startTime().plus(c.duration()).toEpochMilli();
  }

  @Override
  public String describe() {
    ClickstreamConfig c = config();
    return String.format(
        "%,d users and %,d bots over %d h of event time from %s (seed %d; scripted journeys, session"
            + " gap and step timeout %d min as the pipeline's defaults; the generator's 0.5%%"
            + " repeated, 0.1%% malformed and 0.5%% late clicks)",
        c.users(),
        c.bots(),
        c.duration().toHours(),
        c.startTime(),
        c.seed(),
        c.sessionGap().toMinutes());
  }
}
