-- Per merchant and hour of event time: the payments decided, their amounts in cents (whole
-- numbers, so a sum is exact in any order), and how many were sent to review or blocked. A payment
-- without a merchant counts under the empty merchant.
-- Input: PCOLLECTION(card VARCHAR, merchant VARCHAR, tier VARCHAR, amount_cents BIGINT, paid_at TIMESTAMP)
SELECT
  merchant,
  TUMBLE_START(paid_at, INTERVAL '1' HOUR) AS window_start,
  COUNT(*) AS payments,
  SUM(amount_cents) AS amount_cents,
  SUM(CASE WHEN tier = 'review' THEN 1 ELSE 0 END) AS reviewed,
  SUM(CASE WHEN tier = 'block' THEN 1 ELSE 0 END) AS blocked
FROM PCOLLECTION
GROUP BY merchant, TUMBLE(paid_at, INTERVAL '1' HOUR)
