package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.event.DataExtractor;
import dev.sluice.event.Event;
import java.io.Serializable;

/**
 * The parts of a {@code payment.authorized} event that risk scoring reads: the card (the subject)
 * and {@code data.amount}, {@code currency}, {@code merchant}, {@code country}, {@code channel}
 * (each text field may be absent: null).
 */
public record Payment(
    String card, double amount, String currency, String merchant, String country, String channel)
    implements Serializable {

  /** The parser's check: an event without a card or a numeric amount becomes a dead letter. */
  public static final DataExtractor<Payment> EXTRACTOR = new Extractor();

  public static DataExtractor.Result<Payment> of(Event event) {
    if (event.subject() == null || event.subject().isBlank()) {
      return DataExtractor.Result.rejected("payment without a card: subject is missing");
    }
    JsonNode amount = event.dataAt("amount");
    if (amount == null || !amount.isNumber() || !Double.isFinite(amount.asDouble())) {
      return DataExtractor.Result.rejected("payment without a numeric data.amount");
    }
    return DataExtractor.Result.of(
        new Payment(
            event.subject(),
            amount.asDouble(),
            text(event, "currency"),
            text(event, "merchant"),
            text(event, "country"),
            text(event, "channel")));
  }

  private static String text(Event event, String field) {
    JsonNode node = event.dataAt(field);
    return node == null || !node.isTextual() ? null : node.asText();
  }

  private static final class Extractor implements DataExtractor<Payment> {
    @Override
    public Result<Payment> extract(Event event) {
      return of(event);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Extractor;
    }

    @Override
    public int hashCode() {
      return Extractor.class.hashCode();
    }
  }
}
