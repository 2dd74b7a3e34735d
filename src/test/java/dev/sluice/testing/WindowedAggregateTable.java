package dev.sluice.testing;

import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** windowed-aggregate's table in PostgreSQL, and what it should hold given the results topic. */
public final class WindowedAggregateTable {

  private WindowedAggregateTable() {}

  /** key|start|end -> "paneIndex count sum min max", read back from the table. */
  public static Map<String, String> rows(Postgres postgres) throws Exception {
    Map<String, String> rows = new TreeMap<>();
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT event_key, window_start, window_end, pane_index, count, sum, min, max"
                    + " FROM windowed_aggregate_results")) {
      while (r.next()) {
        rows.put(
            r.getString(1)
                + "|"
                + r.getObject(2, OffsetDateTime.class).toInstant()
                + "|"
                + r.getObject(3, OffsetDateTime.class).toInstant(),
            row(r.getLong(4), r.getLong(5), r.getDouble(6), r.getDouble(7), r.getDouble(8)));
      }
    }
    return rows;
  }

  /** The same, computed from result records: each window's latest pane, as the upsert keeps it. */
  public static Map<String, String> expected(List<String> resultJson) {
    Map<String, WindowResult> latest = new TreeMap<>();
    for (String json : resultJson) {
      WindowResult r = WindowResult.fromJson(json);
      latest.merge(
          r.key() + "|" + r.windowStart() + "|" + r.windowEnd(),
          r,
          (stored, later) -> newer(later, stored) ? later : stored);
    }
    Map<String, String> rows = new TreeMap<>();
    latest.forEach(
        (id, r) -> rows.put(id, row(r.paneIndex(), r.count(), r.sum(), r.min(), r.max())));
    return rows;
  }

  /**
   * Whether a later pane replaces a stored one: the upsert's rule, (count, pane index) not lower.
   * Panes accumulate, so the count only grows within a run; a restored job may re-emit a window's
   * panes under other indexes, and the count keeps the fuller one.
   */
  public static boolean newer(WindowResult later, WindowResult stored) {
    int byCount = Long.compare(later.count(), stored.count());
    return byCount != 0 ? byCount > 0 : later.paneIndex() >= stored.paneIndex();
  }

  /** Rows without the pane index: what a restored job may write under another index. */
  public static Map<String, String> values(Map<String, String> rows) {
    Map<String, String> out = new TreeMap<>();
    rows.forEach((id, row) -> out.put(id, row.substring(row.indexOf(' ') + 1)));
    return out;
  }

  public static void clear(Postgres postgres) throws Exception {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM windowed_aggregate_results");
    } catch (org.postgresql.util.PSQLException noTableYet) {
      // The first run creates it.
    }
  }

  /** Sums to 6 decimals: two runners may add a window's readings in another order. */
  private static String row(long pane, long count, double sum, double min, double max) {
    return String.format("%d %d %.6f %s %s", pane, count, sum, min, max);
  }
}
