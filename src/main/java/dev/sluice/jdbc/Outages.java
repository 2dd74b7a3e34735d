package dev.sluice.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which failures mean "the database is away for now" rather than "this write is wrong", and what a
 * wait for it leaves behind: a counter and a log line at most every few seconds. Only the former
 * are worth waiting for; a wrong password or a broken row stays wrong however long a write waits.
 */
final class Outages {

  /** Connection attempts and batches repeated because the database was unreachable. */
  static final String RETRIES = "db_retries";

  private static final Logger LOG = LoggerFactory.getLogger(Outages.class);
  private static final Counter RETRY_COUNTER = Metrics.counter("sluice", RETRIES);
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
  // Shared by every write thread of the JVM: an outage is one event, not one per thread.
  private static final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  /** A failure this long after the previous one (no writer was trying) starts a new outage. */
  private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private record Outage(long since, long lastFailure) {}

  private static final ConcurrentHashMap<String, Outage> outages = new ConcurrentHashMap<>();

  /**
   * SQLSTATE classes of PostgreSQL (and the SQL standard) that pass: 08 connection exception, 57P01
   * admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting or stopping), 53300
   * too many connections, and JdbcIO's own case, 40001 serialization failure, with 40P01 deadlock.
   */
  private static final Set<String> TRANSIENT = Set.of("57P01", "57P02", "57P03", "53300", "40001");

  private Outages() {}

  static boolean isTransient(SQLException failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException e && e.getSQLState() != null) {
        String state = e.getSQLState();
        if (state.startsWith("08") || state.equals("40P01") || TRANSIENT.contains(state)) {
          return true;
        }
      }
      // A batch's failure may be the next exception of a BatchUpdateException.
      Throwable next = t instanceof SQLException e ? e.getNextException() : null;
      t = next != null ? next : t.getCause();
    }
    return false;
  }

  /**
   * How long the database at {@code url} has been unreachable, counting from the first failure any
   * writer of this JVM saw: a writer that starts waiting late gives up with the first, since a
   * runner may go on starting bundles for a while after one failed (Direct does).
   */
  static Duration unreachableFor(String url) {
    long now = System.nanoTime();
    Outage outage =
        outages.compute(
            url,
            (u, old) ->
                old == null || now - old.lastFailure() > STALE_NANOS
                    ? new Outage(now, now)
                    : new Outage(old.since(), now));
    return Duration.ofNanos(now - outage.since());
  }

  /** The database at {@code url} answered: the outage, if any, is over. */
  static void reachable(String url) {
    outages.remove(url);
  }

  /** JdbcIO's retry test for a failed batch: transient failures are retried (and counted). */
  static JdbcIO.RetryStrategy retryStrategy(String url) {
    return failure -> {
      if (!isTransient(failure)) {
        return false;
      }
      retried(() -> "database write at " + url + " failed (" + reason(failure) + "), retrying");
      return true;
    };
  }

  /** Counts one retry; logs {@code line} unless another line was logged in the last seconds. */
  static void retried(Supplier<String> line) {
    RETRY_COUNTER.inc();
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
      LOG.warn(line.get());
    }
  }

  /**
   * The first line of a failure's message, with its SQLSTATE; for a failed batch, its cause's (the
   * batch's own message quotes the statement with its values).
   */
  static String reason(SQLException failure) {
    SQLException shown = failure.getNextException() != null ? failure.getNextException() : failure;
    String message = shown.getMessage() == null ? "" : shown.getMessage();
    return message.lines().findFirst().orElse("") + ", SQLSTATE " + shown.getSQLState();
  }
}
