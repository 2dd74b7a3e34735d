package dev.sluice.quality;

import java.util.List;

/**
 * One valid clickstream event of the truth file: what sessions and funnels are recomputed from.
 *
 * @param product null when the event names none
 * @param price NaN when absent; on a purchase, the order's revenue
 */
public record ShopEvent(
    String id,
    String source,
    String user,
    String type,
    long timeMillis,
    String product,
    double price) {

  public static final String PAGE_VIEW = "page_view";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String CHECKOUT = "checkout";
  public static final String PURCHASE = "purchase";

  /** The funnel's steps in order, as event types. */
  static final List<String> STEPS = List.of(PAGE_VIEW, ADD_TO_CART, CHECKOUT, PURCHASE);

  /** The step names funnel records use, in the same order. */
  static final List<String> STEP_NAMES = List.of("view", "cart", "checkout", "purchase");

  /** Position in the funnel, or 4 for a type outside it (sorted last among equal times). */
  int stepIndex() {
    int i = STEPS.indexOf(type);
    return i < 0 ? STEPS.size() : i;
  }

  /** What deduplication goes by: the CloudEvent's source and id. */
  String identity() {
    return source + "\u0000" + id;
  }

  /** Event-time order; at equal times view < cart < checkout < purchase, then id. */
  static int byTime(ShopEvent a, ShopEvent b) {
    int c = Long.compare(a.timeMillis, b.timeMillis);
    if (c == 0) {
      c = Integer.compare(a.stepIndex(), b.stepIndex());
    }
    return c != 0 ? c : a.id.compareTo(b.id);
  }
}
