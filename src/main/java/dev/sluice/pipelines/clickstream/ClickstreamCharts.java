package dev.sluice.pipelines.clickstream;

import dev.sluice.kit.Chart;
import java.util.List;

/** clickstream on the dashboard: the funnel's steps, conversion over time, funnel outcomes. */
final class ClickstreamCharts {

  private ClickstreamCharts() {}

  static List<Chart> of(ClickstreamPipeline.Options o) {
    String stats = o.getFunnelStatsTopic();
    return List.of(
        Chart.fieldsAsBars(
            "Funnel: users reaching each step",
            stats,
            "funnels",
            "reachedCart",
            "reachedCheckout",
            "purchased"),
        Chart.overTime("Conversion per hour", stats, "windowStart")
            .values("cartRate", "checkoutRate", "conversionRate"),
        Chart.countBy("Funnels by outcome", o.getFunnelsTopic(), "outcome"),
        Chart.countBy("Funnels by step reached", o.getFunnelsTopic(), "stepReached"));
  }
}
