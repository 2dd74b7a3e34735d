-- Per tier and hour of event time: the payments decided and their amounts in cents.
-- Input: PCOLLECTION(card VARCHAR, merchant VARCHAR, tier VARCHAR, amount_cents BIGINT, paid_at TIMESTAMP)
SELECT
  tier,
  TUMBLE_START(paid_at, INTERVAL '1' HOUR) AS window_start,
  COUNT(*) AS payments,
  SUM(amount_cents) AS amount_cents
FROM PCOLLECTION
GROUP BY tier, TUMBLE(paid_at, INTERVAL '1' HOUR)
