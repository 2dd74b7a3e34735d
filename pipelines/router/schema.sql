-- router's results in PostgreSQL (--jdbcUrl): one row per event and route topic it was sent to,
-- with the CloudEvent's attributes and its data as JSON (whichever mode it came in). An event
-- never changes: the newest write wins (a replay writes the same values).
CREATE TABLE IF NOT EXISTS router_events (
  topic   text        NOT NULL,
  source  text        NOT NULL,
  id      text        NOT NULL,
  type    text        NOT NULL,
  time    timestamptz NOT NULL,
  subject text,
  key     text,
  data    jsonb,
  PRIMARY KEY (topic, source, id)
);

CREATE INDEX IF NOT EXISTS router_events_by_time ON router_events (topic, time DESC);
