package dev.sluice.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a connection to a database that may be away for a while (restarted, failing over, a network
 * cut): tries again with exponential back-off until it answers or it has been unreachable for the
 * target's outage timeout, then fails in one line naming the fix. The write calling it blocks
 * meanwhile, so the runner stops pulling input behind it and the backlog waits in Kafka rather than
 * being lost.
 */
final class Reconnect {

  static final Duration FIRST_WAIT = Duration.ofMillis(500);

  /** The longest pause between attempts: how late a write notices the database is back. */
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(Reconnect.class);

  private final JdbcTarget target;

  Reconnect(JdbcTarget target) {
    this.target = target;
  }

  Connection open() throws SQLException {
    long start = System.nanoTime();
    Duration wait = FIRST_WAIT;
    for (int retry = 0; ; retry++) {
      try {
        Connection connection = target.open();
        Outages.reachable(target.url());
        if (retry > 0) {
          LOG.info(
              "database at {} answers again after {} retries, {} s",
              target.url(),
              retry,
              seconds(Duration.ofNanos(System.nanoTime() - start)));
        }
        return connection;
      } catch (SQLException e) {
        if (!Outages.isTransient(e)) {
          throw e;
        }
        Duration down = Outages.unreachableFor(target.url());
        Duration left = target.outageTimeout().minus(down);
        if (left.isNegative() || left.isZero()) {
          throw gaveUp(down, e);
        }
        Duration pause = wait.compareTo(left) < 0 ? wait : left;
        int n = retry + 1;
        Outages.retried(
            () ->
                String.format(
                    "database unreachable at %s (%s), retry %d in %s s",
                    target.url(), Outages.reason(e), n, seconds(pause)));
        sleep(pause);
        wait = wait.multipliedBy(2).compareTo(MAX_WAIT) < 0 ? wait.multipliedBy(2) : MAX_WAIT;
      }
    }
  }

  private SQLException gaveUp(Duration down, SQLException last) {
    return new SQLException(
        String.format(
            "database at %s unreachable for %s s, longer than --jdbcOutageTimeout (%s s): bring it"
                + " back or raise --jdbcOutageTimeout, then replay the input (the upserts are"
                + " idempotent); last error: %s",
            target.url(), seconds(down), seconds(target.outageTimeout()), Outages.reason(last)),
        last.getSQLState(),
        last);
  }

  private static void sleep(Duration pause) throws SQLException {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the database", "08001", e);
    }
  }

  private static String seconds(Duration d) {
    return String.format("%.1f", d.toMillis() / 1000.0);
  }
}
