package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.kafka.TopicSnapshot;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The demo's screen for windowed-aggregate: panes by timing and the busiest windows. */
final class WindowedAggregateView {

  private WindowedAggregateView() {}

  static void show(
      WindowedAggregatePipeline.Options options, String servers, PrintStream out, int rows) {
    List<String> resultJson = TopicSnapshot.values(servers, options.getOutputTopic());
    if (options.getCountWindow() != 0) {
      CountWindowedAggregate.show(resultJson, out, rows);
      return;
    }
    if (!options.getSql().isBlank()) {
      showQueryResults(resultJson, out, rows);
      return;
    }
    Map<String, Integer> timings = new TreeMap<>();
    resultJson.forEach(j -> timings.merge(WindowResult.fromJson(j).timing(), 1, Integer::sum));
    Map<String, WindowResult> last = WindowResult.finalPanes(resultJson);
    out.printf(
        "%nresults: %d panes %s for %d (key, window) pairs; the %d busiest windows:%n",
        resultJson.size(), timings, last.size(), Math.min(rows, last.size()));
    out.printf(
        "  %-12s %-24s %-24s %6s %10s %8s %8s %8s %-8s %4s%n",
        "key", "window start", "window end", "count", "sum", "min", "max", "avg", "timing", "pane");
    last.values().stream()
        .sorted(
            Comparator.comparingLong(WindowResult::count)
                .reversed()
                .thenComparing(WindowResult::key))
        .limit(rows)
        .forEach(
            r ->
                out.printf(
                    "  %-12s %-24s %-24s %6d %10.2f %8.2f %8.2f %8.2f %-8s %4d%n",
                    r.key(),
                    r.windowStart(),
                    r.windowEnd(),
                    r.count(),
                    r.sum(),
                    r.min(),
                    r.max(),
                    r.avg(),
                    r.timing(),
                    r.paneIndex()));
  }

  /** A user query's panes: the final pane of the latest windows, with the query's fields. */
  private static void showQueryResults(List<String> resultJson, PrintStream out, int rows) {
    List<QueryResult> panes = resultJson.stream().map(QueryResult::fromJson).toList();
    Map<String, QueryResult> last = WindowPane.finalPanes(panes);
    out.printf(
        "%nresults: %d panes for %d (key, window) pairs; the %d latest windows:%n",
        panes.size(), last.size(), Math.min(rows, last.size()));
    last.values().stream()
        .sorted(
            Comparator.comparing(QueryResult::windowStart)
                .reversed()
                .thenComparing(QueryResult::key))
        .limit(rows)
        .forEach(
            r ->
                out.printf(
                    "  %-12s %-24s %-8s %4d %s%n",
                    r.key(), r.windowStart(), r.timing(), r.paneIndex(), r.fields()));
  }
}
