-- iot-telemetry's results in PostgreSQL (--jdbcUrl). Columns are filled from the output records'
-- fields of the same words (window_start from windowStart); the primary key is a row's identity.
-- Stats windows hold their fullest pane (versioned by readings, then pane: panes accumulate);
-- alerts and scores never change: the newest write wins (a replay writes the same values; after a
-- restore, the restored job's record, the one its topic commits, replaces what the dead attempt wrote).

CREATE TABLE IF NOT EXISTS iot_device_stats (
  device       text             NOT NULL,
  metric       text             NOT NULL,
  window_start timestamptz      NOT NULL,
  window_end   timestamptz      NOT NULL,
  readings     bigint           NOT NULL,
  mean         double precision,
  minimum      double precision,
  maximum      double precision,
  stddev       double precision,
  timing       text             NOT NULL,
  pane         bigint           NOT NULL,
  PRIMARY KEY (device, metric, window_start)
);

CREATE TABLE IF NOT EXISTS iot_site_stats (
  site         text             NOT NULL,
  metric       text             NOT NULL,
  window_start timestamptz      NOT NULL,
  window_end   timestamptz      NOT NULL,
  readings     bigint           NOT NULL,
  mean         double precision,
  timing       text             NOT NULL,
  pane         bigint           NOT NULL,
  PRIMARY KEY (site, metric, window_start)
);

CREATE TABLE IF NOT EXISTS iot_alerts (
  device   text             NOT NULL,
  metric   text             NOT NULL,
  time     timestamptz      NOT NULL,
  reason   text             NOT NULL,
  value    double precision,
  score    double precision NOT NULL,
  evidence jsonb,
  PRIMARY KEY (device, metric, time, reason)
);

-- Written only when --scoresTopic is set: one row per scored reading, named by its event id
-- (a device may send two readings of one metric at the same instant).
CREATE TABLE IF NOT EXISTS iot_scores (
  device   text             NOT NULL,
  metric   text             NOT NULL,
  time     timestamptz      NOT NULL,
  event_id text             NOT NULL,
  value    double precision,
  score    double precision NOT NULL,
  PRIMARY KEY (device, metric, time, event_id)
);

CREATE INDEX IF NOT EXISTS iot_device_stats_by_end ON iot_device_stats (window_end DESC);
CREATE INDEX IF NOT EXISTS iot_alerts_by_time ON iot_alerts (time DESC);
