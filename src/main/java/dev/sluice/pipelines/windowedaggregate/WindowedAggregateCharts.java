package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.kit.Chart;
import java.util.List;

/** windowed-aggregate on the dashboard: each key's windows over event time, panes by timing. */
final class WindowedAggregateCharts {

  private WindowedAggregateCharts() {}

  static List<Chart> of(WindowedAggregatePipeline.Options o) {
    String results = o.getOutputTopic();
    Chart timing = Chart.countBy("Panes by timing (early, on time, late)", results, "timing");
    if (o.getCountWindow() > 0) {
      // A count window has no event-time bounds; it is drawn at its last event's time.
      return List.of(
          Chart.overTime("Mean per count window, by key", results, "lastTime")
              .seriesBy("key")
              .versionedBy("paneIndex")
              .values("avg"),
          timing);
    }
    if (!o.getSql().isBlank()) {
      // The user's query decides the columns: every numeric one, a series per key and column.
      return List.of(
          Chart.overTime("Query results per window, by key", results, "windowStart")
              .seriesBy("key")
              .versionedBy("paneIndex")
              .allValues(),
          timing);
    }
    // Accumulating panes: a window's count only grows, so (count, pane index) orders its panes
    // even across a restore that re-emits them under other indexes.
    return List.of(
        Chart.overTime("Events per window, by key", results, "windowStart")
            .seriesBy("key")
            .versionedBy("count", "paneIndex")
            .values("count"),
        Chart.overTime("Mean value per window, by key", results, "windowStart")
            .seriesBy("key")
            .versionedBy("count", "paneIndex")
            .values("avg"),
        timing);
  }
}
