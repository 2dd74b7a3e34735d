package dev.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of an outage-proof write against a real PostgreSQL: a batch whose connection the
 * server ended is retried on a new one, the way JdbcIO's WriteFn drives a connection; opening waits
 * for a server that comes back; a wrong password or a timeout fails at once, in one line.
 */
class ReconnectingDataSourceTest {

  static final String UPSERT =
      "INSERT INTO outage_probe (id, v) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v";

  static Postgres postgres;
  static JdbcTarget target;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres.start();
    target = JdbcTarget.of(postgres.url(), postgres.credentialsFile());
    target.apply("CREATE TABLE IF NOT EXISTS outage_probe (id int PRIMARY KEY, v int)");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  /** JdbcIO 2.70's executeBatch loop, step by step, with the session killed under it. */
  @Test
  void aBatchWhoseConnectionWasEndedIsRetriedOnANewConnection() throws Exception {
    DataSource source = ReconnectingDataSource.provider(target).apply(null);
    JdbcIO.RetryStrategy retry = Outages.retryStrategy(target.url());
    int attempts = 0;
    SQLException failure = null;
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(false);
      PreparedStatement unused = connection.prepareStatement(UPSERT); // WriteFn.getConnection's
      endOtherSessions();
      while (true) {
        try (PreparedStatement batch = connection.prepareStatement(UPSERT)) {
          try {
            attempts++;
            batch.setInt(1, 1);
            batch.setInt(2, attempts);
            batch.addBatch();
            batch.executeBatch();
            connection.commit();
            break;
          } catch (SQLException e) {
            failure = e;
            assertTrue(retry.apply(e), "not retried: " + e);
            batch.clearBatch();
            connection.rollback();
          }
        }
      }
      unused.close(); // WriteFn.finishBundle, on the connection that broke
    }
    assertEquals(2, attempts, "the first batch should fail on the ended session");
    System.err.println("the ended session failed the batch with: " + Outages.reason(failure));
    try (Connection c = postgres.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT v FROM outage_probe WHERE id = 1")) {
      assertTrue(r.next());
      assertEquals(2, r.getInt(1));
    }
  }

  @Test
  void openingWaitsForADatabaseThatComesBack() throws Exception {
    postgres.pause();
    Thread back =
        new Thread(
            () -> {
              try {
                Thread.sleep(3000);
                postgres.resume();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    back.start();
    long start = System.nanoTime();
    try (Connection c = new Reconnect(target).open()) {
      assertTrue(c.isValid(1));
    } finally {
      back.join();
    }
    long waited = (System.nanoTime() - start) / 1_000_000;
    System.err.println("opened after " + waited + " ms (down for 3,000 ms)");
    assertTrue(waited >= 3000 && waited < 3000 + 10_000, "waited " + waited + " ms");
  }

  @Test
  void aDatabaseAwayLongerThanTheTimeoutFailsInOneLineNamingTheFlag() {
    JdbcTarget dead =
        JdbcTarget.of("jdbc:postgresql://127.0.0.1:1/sluice", postgres.credentialsFile())
            .withOutageTimeout(Duration.ofSeconds(2));
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class, () -> new Reconnect(dead).open());
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited >= 2000 && waited < 5000, "gave up after " + waited + " ms");
    assertTrue(
        e.getMessage().startsWith("database at jdbc:postgresql://127.0.0.1:1/sluice unreachable"),
        e.getMessage());
    assertTrue(e.getMessage().contains("raise --jdbcOutageTimeout"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aWrongPasswordIsNotWaitedFor(@TempDir Path dir) throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.properties"), "user=sluice\npassword=no\n");
    JdbcTarget refused = JdbcTarget.of(postgres.url(), wrong.toString());
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class, () -> new Reconnect(refused).open());
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "waited for a wrong password");
    assertEquals("28P01", e.getSQLState(), e.getMessage());
  }

  /** What a restart or a failover does to the sessions it had: ends them (57P01). */
  private static void endOtherSessions() throws Exception {
    try (Connection c = postgres.connect();
        Statement s = c.createStatement()) {
      String others =
          " FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = 'sluice'"
              + " AND backend_type = 'client backend'";
      s.execute("SELECT pg_terminate_backend(pid)" + others);
      for (int i = 0; i < 50; i++) {
        try (ResultSet r = s.executeQuery("SELECT count(*)" + others)) {
          r.next();
          if (r.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the sessions did not end");
    }
  }
}
