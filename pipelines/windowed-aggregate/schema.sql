-- windowed-aggregate's results in PostgreSQL (--jdbcUrl): one row per key and window holding its
-- latest pane. A later pane replaces an earlier one, an earlier pane arriving after a later one
-- changes nothing, and a replayed pane writes the same values again (upsert guarded by (count,
-- pane_index): panes accumulate, so the count orders them even across a restore).
CREATE TABLE IF NOT EXISTS windowed_aggregate_results (
  event_key    text             NOT NULL,
  window_start timestamptz      NOT NULL,
  window_end   timestamptz      NOT NULL,
  pane_index   bigint           NOT NULL,
  pane_timing  text             NOT NULL,
  is_last      boolean          NOT NULL,
  count        bigint           NOT NULL,
  sum          double precision NOT NULL,
  min          double precision NOT NULL,
  max          double precision NOT NULL,
  mean         double precision NOT NULL,
  PRIMARY KEY (event_key, window_start, window_end)
);

-- Dashboards read the newest windows first.
CREATE INDEX IF NOT EXISTS windowed_aggregate_results_by_end
  ON windowed_aggregate_results (window_end DESC);
