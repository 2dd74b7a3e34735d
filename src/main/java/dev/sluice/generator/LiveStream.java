package dev.sluice.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;

/**
 * An unending input for a pipeline's workload whose event time follows the wall clock at a steady
 * rate (the chaos suite's), and the sentinel that closes its windows when it stops: one valid event
 * per partition far ahead, which itself stays open.
 */
public interface LiveStream extends Iterator<GeneratedRecord> {

  byte[] sentinel(int partition, Instant time);

  /**
   * The live input of a workload scenario ({@code sensor}, {@code iot}, {@code clickstream}, {@code
   * payments}), from now on at {@code rate} events per second.
   */
  static LiveStream of(String scenario, String idPrefix, double rate) {
    Instant now = Instant.now();
    return switch (scenario) {
      case "sensor", "iot" -> sensors(idPrefix, rate, now);
      case "clickstream" -> clicks(idPrefix, rate, now);
      case "payments" -> payments(idPrefix, rate, now);
      default ->
          throw new IllegalArgumentException("no live stream for workload '" + scenario + "'");
    };
  }

  private static LiveStream sensors(String idPrefix, double rate, Instant start) {
    GeneratorConfig config =
        GeneratorConfig.builder()
            .seed(idPrefix.hashCode())
            .count(10_000_000)
            .keys(50)
            .startTime(start)
            .eventsPerSecondOfEventTime(rate)
            .idPrefix(idPrefix)
            .build();
    return over(
        new EventGenerator(config),
        (p, time) -> sentinelJson("sensor.reading", time, p, "\"data\":{\"value\":0}"));
  }

  private static LiveStream clicks(String idPrefix, double rate, Instant start) {
    return over(
        new LiveClicks(idPrefix.hashCode(), start, rate, idPrefix),
        (p, time) -> sentinelJson("page_view", time, p, "\"data\":{\"page\":\"/\"}"));
  }

  private static LiveStream payments(String idPrefix, double rate, Instant start) {
    return over(
        new LivePayments(idPrefix.hashCode(), start, rate, idPrefix),
        (p, time) ->
            sentinelJson(
                "payment.authorized",
                time,
                p,
                "\"data\":{\"amount\":0.01,\"currency\":\"EUR\",\"merchant\":\"m-0\","
                    + "\"country\":\"FR\",\"channel\":\"web\"}"));
  }

  private static String sentinelJson(String type, Instant time, int partition, String data) {
    return "{\"specversion\":\"1.0\",\"id\":\"sentinel-"
        + partition
        + "\",\"source\":\"/sluice/chaos\",\"type\":\""
        + type
        + "\",\"time\":\""
        + time
        + "\",\"subject\":\"_sentinel\",\"datacontenttype\":\"application/json\","
        + data
        + "}";
  }

  private static LiveStream over(
      Iterator<GeneratedRecord> events,
      java.util.function.BiFunction<Integer, Instant, String> sentinel) {
    return new LiveStream() {
      @Override
      public boolean hasNext() {
        return events.hasNext();
      }

      @Override
      public GeneratedRecord next() {
        return events.next();
      }

      @Override
      public byte[] sentinel(int partition, Instant time) {
        return sentinel.apply(partition, time).getBytes(StandardCharsets.UTF_8);
      }
    };
  }
}
