package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.jdbc.Upsert;
import java.util.List;

/**
 * The results in PostgreSQL ({@code pipelines/windowed-aggregate/schema.sql}): one row per key and
 * window, its fullest pane so far. Panes accumulate, so a window's count only grows; (count, pane
 * index) orders them even when a job restored from a checkpoint emits a window's panes again under
 * other indexes than the attempt that died (which may have written a higher index with fewer
 * events).
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
          List.of("count", "pane_index"),
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
