-- clickstream's results in PostgreSQL (--jdbcUrl). Columns are filled from the output records'
-- fields of the same words (session_start from sessionStart); the primary key is a row's identity.
-- Sessions and funnel stats hold their fullest pane (versioned by their count, then pane: panes
-- accumulate). A late click that extends a session backwards gives it a new start, so a new row;
-- the row of the shorter session stays, as its record stays on the sessions topic. A user's
-- profile row is its newest snapshot; a funnel never changes once it ended (the newest
-- write wins: a replay writes the same values).

CREATE TABLE IF NOT EXISTS clickstream_sessions (
  "user"            text             NOT NULL,
  session_start     timestamptz      NOT NULL,
  session_end       timestamptz      NOT NULL,
  events            bigint           NOT NULL,
  page_views        bigint           NOT NULL,
  distinct_products bigint           NOT NULL,
  revenue           double precision NOT NULL,
  converted         boolean          NOT NULL,
  timing            text             NOT NULL,
  pane              bigint           NOT NULL,
  PRIMARY KEY ("user", session_start)
);

CREATE TABLE IF NOT EXISTS clickstream_funnels (
  "user"        text        NOT NULL,
  funnel_start  timestamptz NOT NULL,
  ended_at      timestamptz NOT NULL,
  outcome       text        NOT NULL,
  step_reached  text        NOT NULL,
  step_times_ms jsonb,
  PRIMARY KEY ("user", funnel_start)
);

CREATE TABLE IF NOT EXISTS clickstream_funnel_stats (
  window_start     timestamptz      NOT NULL,
  window_end       timestamptz      NOT NULL,
  funnels          bigint           NOT NULL,
  reached_cart     bigint           NOT NULL,
  reached_checkout bigint           NOT NULL,
  purchased        bigint           NOT NULL,
  cart_rate        double precision,
  checkout_rate    double precision,
  conversion_rate  double precision,
  timing           text             NOT NULL,
  pane             bigint           NOT NULL,
  PRIMARY KEY (window_start)
);

CREATE TABLE IF NOT EXISTS clickstream_profiles (
  "user"             text             NOT NULL,
  as_of              timestamptz      NOT NULL,
  sessions           bigint           NOT NULL,
  views              bigint           NOT NULL,
  carts              bigint           NOT NULL,
  checkouts          bigint           NOT NULL,
  purchases          bigint           NOT NULL,
  spend              double precision NOT NULL,
  favourite_category text,
  last_seen          timestamptz      NOT NULL,
  PRIMARY KEY ("user")
);

CREATE INDEX IF NOT EXISTS clickstream_sessions_by_end ON clickstream_sessions (session_end DESC);
