package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.transforms.SluiceMetrics;

/**
 * payments-risk's counters, in the namespace every pipeline reports in, so the run summary shows
 * them. Every admitted payment is scored once and lands in exactly one tier: {@code
 * events_aggregated = payments_scored = payments_approved + payments_reviewed + payments_blocked}.
 */
final class RiskMetrics {

  static final String NAMESPACE = SluiceMetrics.NAMESPACE;
  static final String SCORED = "payments_scored";
  static final String APPROVED = "payments_approved";
  static final String REVIEWED = "payments_reviewed";
  static final String BLOCKED = "payments_blocked";

  /** Cards idle past the forget horizon: their state is cleared. */
  static final String FORGOTTEN = "cards_forgotten";

  /** Rule files from the rules topic that took effect, and those refused (invalid or not newer). */
  static final String RULES_APPLIED = "rules_applied";

  static final String RULES_REFUSED = "rules_refused";

  static final String TOTALS_ROWS = "payment_totals_rows";

  private RiskMetrics() {}
}
