package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.Serializable;
import java.util.List;

/**
 * What one payment looked like against its card's recent past, as of the payment's event time.
 * Window semantics are those of {@link CardFeatures#observe}: the payment itself is included.
 *
 * @param count1m payments in (t - 1 min, t]
 * @param sum1m their amounts added up
 * @param count1h payments in (t - 1 h, t]
 * @param sum1h their amounts added up
 * @param countries1h distinct countries among them (a payment without a country adds none)
 * @param amountZ how many deviations log(amount) lies from the card's running mean, measured before
 *     this payment was learned; null while the card has fewer than {@link CardFeatures#MIN_HISTORY}
 *     payments
 * @param sincePreviousMs time since the card's previous payment; null for its first
 * @param payments payments of the card seen so far, this one included
 */
public record Features(
    int count1m,
    double sum1m,
    int count1h,
    double sum1h,
    int countries1h,
    Double amountZ,
    Long sincePreviousMs,
    long payments)
    implements Serializable {

  /** The prefix rules use: {@code features.count1m} and so on. */
  public static final String PREFIX = "features.";

  /** A feature by its rule name (without the prefix), as JSON; null when absent or unknown. */
  public JsonNode field(String name) {
    return switch (name) {
      case "count1m" -> LongNode.valueOf(count1m);
      case "sum1m" -> DoubleNode.valueOf(sum1m);
      case "count1h" -> LongNode.valueOf(count1h);
      case "sum1h" -> DoubleNode.valueOf(sum1h);
      case "countries1h" -> LongNode.valueOf(countries1h);
      case "amountZ" -> amountZ == null ? null : DoubleNode.valueOf(amountZ);
      case "sincePreviousMs" -> sincePreviousMs == null ? null : LongNode.valueOf(sincePreviousMs);
      case "payments" -> LongNode.valueOf(payments);
      default -> null;
    };
  }

  /** Every feature name, in the order of the decision JSON. */
  public static final List<String> NAMES =
      List.of(
          "count1m",
          "sum1m",
          "count1h",
          "sum1h",
          "countries1h",
          "amountZ",
          "sincePreviousMs",
          "payments");
}
