package dev.sluice.generator;

/**
 * One shopper action before it becomes a CloudEvent: who, what, when, and the shop's data.
 *
 * @param type {@code page_view}, {@code add_to_cart}, {@code checkout} or {@code purchase}
 * @param product null on pages that show no product (home, category, search)
 * @param category null on pages outside any category (home, search)
 * @param price NaN when absent; on checkout and purchase the cart total (the order's revenue)
 * @param sessionHint the app's own session id, null for web shoppers
 * @param bridge a click scripted into the gap between two visits, sent late, to merge them
 */
public record Click(
    long timeMillis,
    String user,
    String source,
    String type,
    String page,
    String product,
    String category,
    double price,
    String sessionHint,
    boolean bridge) {

  public static final String PAGE_VIEW = "page_view";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String CHECKOUT = "checkout";
  public static final String PURCHASE = "purchase";

  /** Every type, in funnel order. */
  public static final java.util.List<String> TYPES =
      java.util.List.of(PAGE_VIEW, ADD_TO_CART, CHECKOUT, PURCHASE);
}
