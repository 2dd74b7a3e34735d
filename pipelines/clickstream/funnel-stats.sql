-- Funnels that ended in each hour of event time (completed at the purchase, abandoned at the
-- step reached plus the step timeout): how many reached each step, and the conversion rates.
-- Input: PCOLLECTION(ended_at TIMESTAMP, reached INTEGER (0 view, 1 cart, 2 checkout, 3 purchase))
SELECT
  TUMBLE_START(ended_at, INTERVAL '1' HOUR) AS window_start,
  COUNT(*) AS funnels,
  SUM(CASE WHEN reached >= 1 THEN 1 ELSE 0 END) AS reached_cart,
  SUM(CASE WHEN reached >= 2 THEN 1 ELSE 0 END) AS reached_checkout,
  SUM(CASE WHEN reached >= 3 THEN 1 ELSE 0 END) AS purchased,
  CAST(SUM(CASE WHEN reached >= 1 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS cart_rate,
  CAST(SUM(CASE WHEN reached >= 2 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS checkout_rate,
  CAST(SUM(CASE WHEN reached >= 3 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS conversion_rate
FROM PCOLLECTION
GROUP BY TUMBLE(ended_at, INTERVAL '1' HOUR)
