package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.jdbc.Upsert;
import java.util.List;

/**
 * The results in PostgreSQL ({@code pipelines/windowed-aggregate/schema.sql}): one row per key and
 * window, the pane with the highest index so far.
 */
final class ResultsTable {

  private ResultsTable() {}

  static final Upsert<WindowResult> UPSERT =
      new Upsert<>(
          "windowed_aggregate_results",
          List.of(
              "event_key",
              "window_start",
              "window_end",
              "pane_index",
              "pane_timing",
              "is_last",
              "count",
              "sum",
              "min",
              "max",
              "mean"),
          List.of("event_key", "window_start", "window_end"),
          "pane_index",
          r ->
              List.of(
                  r.key(),
                  r.windowStart(),
                  r.windowEnd(),
                  r.paneIndex(),
                  r.timing(),
                  r.isLast(),
                  r.count(),
                  r.sum(),
                  r.min(),
                  r.max(),
                  r.avg()));
}
