-- Per user, sessions (their end, one gap after the last click, is the window's: Beam SQL's
-- SESSION_END returns the start): clicks less than the session gap apart (--sessionGap, filled in for
-- ${SESSION_GAP} as an interval). A session ends one gap after its last click. Triggers, allowed
-- lateness and late panes come from the input's windowing (see SessionizeClicks): a late click
-- within the lateness extends a session or merges two, and the merged session is a new pane.
-- Input: PCOLLECTION(user_id VARCHAR, click_time TIMESTAMP, step VARCHAR, product VARCHAR (null
-- when none), purchase_amount DOUBLE (the price of a purchase, else 0))
SELECT
  user_id AS `user`,
  SESSION_START(click_time, ${SESSION_GAP}) AS session_start,
  COUNT(*) AS events,
  SUM(CASE WHEN step = 'view' THEN 1 ELSE 0 END) AS page_views,
  DISTINCT_COUNT(product) AS distinct_products,
  SUM(purchase_amount) AS revenue,
  SUM(CASE WHEN step = 'purchase' THEN 1 ELSE 0 END) > 0 AS converted
FROM PCOLLECTION
GROUP BY user_id, SESSION(click_time, ${SESSION_GAP})
