-- merge's results in PostgreSQL (--jdbcUrl): one row per merged event, with the CloudEvent's
-- attributes and its data as JSON (whichever mode it came in). An event never changes: the
-- newest write wins (a replay writes the same values).
CREATE TABLE IF NOT EXISTS merge_events (
  source  text        NOT NULL,
  id      text        NOT NULL,
  type    text        NOT NULL,
  time    timestamptz NOT NULL,
  subject text,
  key     text,
  data    jsonb,
  PRIMARY KEY (source, id)
);

CREATE INDEX IF NOT EXISTS merge_events_by_time ON merge_events (time DESC);
