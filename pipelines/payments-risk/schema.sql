-- payments-risk's results in PostgreSQL (--jdbcUrl). Columns are filled from the output records'
-- fields of the same words (amount_cents from amountCents); the primary key is a row's identity.
-- A decision never changes: the newest write wins (a replay writes the same values); hourly totals hold their fullest
-- pane (versioned by payments, then pane: panes accumulate).

CREATE TABLE IF NOT EXISTS payments_decisions (
  payment  text          NOT NULL,
  card     text,
  time     timestamptz   NOT NULL,
  amount   numeric(18, 2),
  currency text,
  merchant text,
  country  text,
  channel  text,
  score    integer       NOT NULL,
  tier     text          NOT NULL,
  rules    jsonb         NOT NULL,
  features jsonb         NOT NULL,
  PRIMARY KEY (payment)
);

CREATE TABLE IF NOT EXISTS payments_tier_totals (
  tier         text        NOT NULL,
  window_start timestamptz NOT NULL,
  window_end   timestamptz NOT NULL,
  payments     bigint      NOT NULL,
  amount_cents bigint      NOT NULL,
  timing       text        NOT NULL,
  pane         bigint      NOT NULL,
  PRIMARY KEY (tier, window_start)
);

CREATE TABLE IF NOT EXISTS payments_merchant_totals (
  merchant     text        NOT NULL,
  window_start timestamptz NOT NULL,
  window_end   timestamptz NOT NULL,
  payments     bigint      NOT NULL,
  amount_cents bigint      NOT NULL,
  reviewed     bigint      NOT NULL,
  blocked      bigint      NOT NULL,
  timing       text        NOT NULL,
  pane         bigint      NOT NULL,
  PRIMARY KEY (merchant, window_start)
);

CREATE INDEX IF NOT EXISTS payments_decisions_by_time ON payments_decisions (time DESC);
CREATE INDEX IF NOT EXISTS payments_decisions_by_card ON payments_decisions (card, time);
