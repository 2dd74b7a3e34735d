package dev.sluice.pipelines.clickstream;

/** The funnel's steps, in order, and the CloudEvent type each one is. */
public enum Step {
  VIEW("page_view", "view"),
  CART("add_to_cart", "cart"),
  CHECKOUT("checkout", "checkout"),
  PURCHASE("purchase", "purchase");

  private final String eventType;
  private final String label;

  Step(String eventType, String label) {
    this.eventType = eventType;
    this.label = label;
  }

  public String eventType() {
    return eventType;
  }

  /** The step's name in the outputs: view, cart, checkout, purchase. */
  public String label() {
    return label;
  }

  /** The step after this one; null after the purchase. */
  public Step next() {
    return this == PURCHASE ? null : values()[ordinal() + 1];
  }

  /** The step a CloudEvent type is; null for any other type. */
  public static Step ofEventType(String type) {
    for (Step s : values()) {
      if (s.eventType.equals(type)) {
        return s;
      }
    }
    return null;
  }
}
