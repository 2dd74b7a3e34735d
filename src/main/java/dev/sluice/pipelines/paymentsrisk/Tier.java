package dev.sluice.pipelines.paymentsrisk;

/** What happens to a payment, by its score against the rule file's thresholds. */
public enum Tier {
  APPROVE,
  REVIEW,
  BLOCK;

  /** As written in the decision JSON: approve, review, block. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
