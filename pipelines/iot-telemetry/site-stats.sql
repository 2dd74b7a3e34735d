-- Per site and metric, 5-minute windows sliding every minute (HOP: slide, then size).
-- Input: PCOLLECTION(device VARCHAR, site VARCHAR, metric VARCHAR, reading_time TIMESTAMP, reading DOUBLE)
SELECT
  site,
  metric,
  HOP_START(reading_time, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) AS window_start,
  COUNT(*) AS readings,
  AVG(reading) AS mean
FROM PCOLLECTION
GROUP BY site, metric, HOP(reading_time, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)
