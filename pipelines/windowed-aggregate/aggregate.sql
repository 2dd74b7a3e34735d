-- Per key and event-time window (the windowing and triggers come from the input).
-- Input: PCOLLECTION(event_key VARCHAR, event_value DOUBLE), one row per event.
SELECT
  event_key,
  COUNT(*) AS cnt,
  SUM(event_value) AS sum_value,
  MIN(event_value) AS min_value,
  MAX(event_value) AS max_value,
  AVG(event_value) AS avg_value
FROM PCOLLECTION
GROUP BY event_key
