package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.event.Event;
import dev.sluice.event.Rfc3339;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The risk verdict on one payment.
 *
 * @param score the sum of the weights of the fired rules
 * @param firedRules the names of the rules the payment met, in rule-file order
 */
public record Decision(int score, Tier tier, List<String> firedRules) implements Serializable {

  private static final JsonFactory FACTORY = new JsonFactory();

  public Decision {
    firedRules = List.copyOf(firedRules);
  }

  /**
   * The decision record, the same bytes for the same input: fields always present and in this order
   * (null when the event lacks one), amounts and sums with 2 decimals, the z-score with 3, both
   * rounded half-even:
   *
   * <pre>
   * {"payment":"p-1","card":"c-7","time":"2026-01-01T10:00:00Z","amount":12.50,"currency":"EUR",
   *  "merchant":"m-12","country":"FR","channel":"web","score":60,"tier":"review",
   *  "rules":["tiny-amount-burst"],"features":{"count1m":3,"sum1m":4.50,"count1h":5,"sum1h":80.00,
   *  "countries1h":1,"amountZ":-3.125,"sincePreviousMs":20000,"payments":41,
   *  "merchantCards30m":4,"merchantSimilarAmount30m":1,"merchantSimilarShare30m":0.250}}
   * </pre>
   */
  public String json(Event event, Features features) {
    StringWriter out = new StringWriter(400);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("payment", event.id());
      g.writeStringField("card", event.subject());
      g.writeStringField("time", Rfc3339.format(event.eventTimeMillis()));
      JsonNode amount = event.dataAt("amount");
      g.writeFieldName("amount");
      if (amount != null && amount.isNumber()) {
        g.writeNumber(decimal(amount.decimalValue(), 2));
      } else {
        g.writeNull();
      }
      for (String field : List.of("currency", "merchant", "country", "channel")) {
        JsonNode v = event.dataAt(field);
        g.writeStringField(field, v == null || v.isNull() ? null : v.asText());
      }
      g.writeNumberField("score", score);
      g.writeStringField("tier", tier.label());
      g.writeArrayFieldStart("rules");
      for (String rule : firedRules) {
        g.writeString(rule);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("features");
      g.writeNumberField("count1m", features.count1m());
      g.writeFieldName("sum1m");
      g.writeNumber(decimal(BigDecimal.valueOf(features.sum1m()), 2));
      g.writeNumberField("count1h", features.count1h());
      g.writeFieldName("sum1h");
      g.writeNumber(decimal(BigDecimal.valueOf(features.sum1h()), 2));
      g.writeNumberField("countries1h", features.countries1h());
      g.writeFieldName("amountZ");
      if (features.amountZ() == null) {
        g.writeNull();
      } else {
        g.writeNumber(decimal(BigDecimal.valueOf(features.amountZ()), 3));
      }
      g.writeFieldName("sincePreviousMs");
      if (features.sincePreviousMs() == null) {
        g.writeNull();
      } else {
        g.writeNumber(features.sincePreviousMs());
      }
      g.writeNumberField("payments", features.payments());
      nullable(g, "merchantCards30m", features.merchantCards30m());
      nullable(g, "merchantSimilarAmount30m", features.merchantSimilarAmount30m());
      g.writeFieldName("merchantSimilarShare30m");
      if (features.merchantSimilarShare30m() == null) {
        g.writeNull();
      } else {
        g.writeNumber(decimal(BigDecimal.valueOf(features.merchantSimilarShare30m()), 3));
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void nullable(JsonGenerator g, String field, Integer value) throws IOException {
    g.writeFieldName(field);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value);
    }
  }

  /** Plain notation (never 1E+3), fixed decimals, so equal values always print alike. */
  private static String decimal(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
  }
}
