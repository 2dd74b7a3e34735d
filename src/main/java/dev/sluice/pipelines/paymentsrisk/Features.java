package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.Serializable;
import java.util.List;

/**
 * What one payment looked like against its card's recent past and its merchant's, as of the
 * payment's event time. Window semantics are those of {@link CardFeatures#observe} and {@link
 * MerchantFeatures#observe}: the payment itself is included.
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
 * @param merchantCards30m distinct cards charged at the payment's merchant in (t - 30 min, t]; null
 *     for a payment without a merchant
 * @param merchantSimilarAmount30m distinct cards among them charged within 10% of this payment's
 *     amount (this card included); null for a payment without a merchant
 */
public record Features(
    int count1m,
    double sum1m,
    int count1h,
    double sum1h,
    int countries1h,
    Double amountZ,
    Long sincePreviousMs,
    long payments,
    Integer merchantCards30m,
    Integer merchantSimilarAmount30m)
    implements Serializable {

  /** Card features only, no merchant's (a payment without a merchant). */
  public Features(
      int count1m,
      double sum1m,
      int count1h,
      double sum1h,
      int countries1h,
      Double amountZ,
      Long sincePreviousMs,
      long payments) {
    this(
        count1m,
        sum1m,
        count1h,
        sum1h,
        countries1h,
        amountZ,
        sincePreviousMs,
        payments,
        null,
        null);
  }

  /** These card features with the merchant's; null for none. */
  public Features withMerchant(MerchantFeatures.Counts merchant) {
    return new Features(
        count1m,
        sum1m,
        count1h,
        sum1h,
        countries1h,
        amountZ,
        sincePreviousMs,
        payments,
        merchant == null ? null : merchant.cards30m(),
        merchant == null ? null : merchant.similarAmount30m());
  }

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
      case "merchantCards30m" ->
          merchantCards30m == null ? null : LongNode.valueOf(merchantCards30m);
      case "merchantSimilarAmount30m" ->
          merchantSimilarAmount30m == null ? null : LongNode.valueOf(merchantSimilarAmount30m);
      case "merchantSimilarShare30m" -> {
        Double share = merchantSimilarShare30m();
        yield share == null ? null : DoubleNode.valueOf(share);
      }
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
          "payments",
          "merchantCards30m",
          "merchantSimilarAmount30m",
          "merchantSimilarShare30m");

  /**
   * The share of the merchant's cards in the half hour that paid within 10% of this amount, to 3
   * places: a crowd means something only against the merchant's own traffic (a busy shop has many
   * similar amounts, an attacked one has little else). Null without a merchant.
   */
  public Double merchantSimilarShare30m() {
    if (merchantCards30m == null || merchantSimilarAmount30m == null || merchantCards30m == 0) {
      return null;
    }
    return Math.round(1000.0 * merchantSimilarAmount30m / merchantCards30m) / 1000.0;
  }
}
