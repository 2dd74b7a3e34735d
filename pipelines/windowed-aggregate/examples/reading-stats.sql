-- windowed-aggregate --sql: per key and window, how many readings, their mean and their peak.
-- Each result: {"key", "windowStart", "windowEnd", "readings", "mean", "peak", "timing", ...}.
SELECT
  event_key,
  COUNT(*) AS readings,
  AVG(event_value) AS mean,
  MAX(event_value) AS peak
FROM PCOLLECTION
GROUP BY event_key
