package dev.sluice.pipelines.paymentsrisk;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** Counts each decision once, as scored and by its tier. */
final class Tally implements Serializable {

  private final Counter scored = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.SCORED);
  private final Counter approved = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.APPROVED);
  private final Counter reviewed = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.REVIEWED);
  private final Counter blocked = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.BLOCKED);

  ScoredPayment count(ScoredPayment p) {
    scored.inc();
    (switch (p.tier()) {
          case APPROVE -> approved;
          case REVIEW -> reviewed;
          case BLOCK -> blocked;
        })
        .inc();
    return p;
  }
}
