-- Per device and metric, 1-minute tumbling windows of event time. Triggers, allowed lateness and
-- late panes come from the input's windowing (see TelemetryStats).
-- Input: PCOLLECTION(device VARCHAR, site VARCHAR, metric VARCHAR, reading_time TIMESTAMP, reading DOUBLE)
SELECT
  device,
  metric,
  TUMBLE_START(reading_time, INTERVAL '1' MINUTE) AS window_start,
  COUNT(*) AS readings,
  AVG(reading) AS mean,
  MIN(reading) AS minimum,
  MAX(reading) AS maximum,
  SQRT(VAR_POP(reading)) AS stddev
FROM PCOLLECTION
GROUP BY device, metric, TUMBLE(reading_time, INTERVAL '1' MINUTE)
