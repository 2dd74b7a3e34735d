package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.kit.Chart;
import java.util.List;

/** payments-risk on the dashboard: decisions by tier, tier totals per hour, risky scores. */
final class PaymentsRiskCharts {

  private PaymentsRiskCharts() {}

  static List<Chart> of(PaymentsRiskPipeline.Options o) {
    String totals = o.getTotalsTopic();
    return List.of(
        Chart.countBy("Decisions by tier", o.getApproveTopic(), "tier")
            .alsoFrom(o.getReviewTopic(), o.getBlockTopic()),
        Chart.overTime("Payments per hour, by tier", totals, "windowStart")
            .seriesBy("tier")
            .values("payments"),
        Chart.overTime("Amount per hour (cents), by tier", totals, "windowStart")
            .seriesBy("tier")
            .values("amountCents"),
        Chart.overTime("Scores of payments held for review or blocked", o.getReviewTopic(), "time")
            .alsoFrom(o.getBlockTopic())
            .seriesBy("tier")
            .values("score")
            .eachRecord()
            .scatter());
  }
}
