-- windowed-aggregate --sql: per key and window, the readings above 10, whether any was, when the
-- newest reading was taken and which source sent them (a timestamp comes out as ISO-8601 text).
SELECT
  event_key,
  SUM(CASE WHEN event_value > 10 THEN 1 ELSE 0 END) AS readings_over_10,
  MAX(event_value) > 10 AS over_limit,
  MAX(event_time) AS last_seen,
  MIN(event_source) AS source
FROM PCOLLECTION
GROUP BY event_key
