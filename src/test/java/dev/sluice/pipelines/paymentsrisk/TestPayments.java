package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Payment events for tests, parsed as the pipeline parses them. */
final class TestPayments {

  static final EventParser PARSER =
      new EventParser(Duration.ofHours(1)).requiring(Payment.EXTRACTOR);

  private TestPayments() {}

  static Event event(
      String id, String card, long time, String amount, String country, String channel) {
    String json =
        "{\"specversion\":\"1.0\",\"id\":\""
            + id
            + "\",\"source\":\"/payments/test\",\"type\":\"payment.authorized\",\"time\":\""
            + Instant.ofEpochMilli(time)
            + "\",\"subject\":\""
            + card
            + "\",\"datacontenttype\":\"application/json\",\"data\":{\"amount\":"
            + amount
            + ",\"currency\":\"EUR\",\"merchant\":\"m-12\",\"country\":\""
            + country
            + "\",\"channel\":\""
            + channel
            + "\"}}";
    return parse(json.getBytes(StandardCharsets.UTF_8), time);
  }

  /** Parses a structured CloudEvent; null when the parser rejects it. */
  static Event parse(byte[] value, long kafkaTimestamp) {
    RawRecord raw = new RawRecord("payments", 0, 0, kafkaTimestamp, null, value, List.of());
    ParseResult r = PARSER.parse(raw);
    return r.isValid() ? r.event() : null;
  }
}
