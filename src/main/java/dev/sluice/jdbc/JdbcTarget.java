package dev.sluice.jdbc;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL database to write results into, with the credentials read from a file (never a flag:
 * a command line is visible to every user of the machine). Checked when the job is built, so a
 * wrong URL, password or a database that is down fails the launch in one line.
 *
 * @param outageTimeout how long a write waits for the database to answer again before the run fails
 *     ({@link Reconnect})
 */
public record JdbcTarget(String url, String user, String password, Duration outageTimeout)
    implements Serializable {

  static final int LOGIN_TIMEOUT_SECONDS = 5;

  public static final Duration DEFAULT_OUTAGE_TIMEOUT = Duration.ofMinutes(5);

  /** {@code credentialsFile} holds {@code user=} and {@code password=} lines (Java properties). */
  public static JdbcTarget of(String url, String credentialsFile) {
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "--jdbcUrl must be a PostgreSQL URL, jdbc:postgresql://HOST:PORT/DATABASE, not '"
              + url
              + "'");
    }
    if (credentialsFile.isBlank()) {
      throw new IllegalArgumentException(
          "--jdbcUrl needs --jdbcCredentialsFile=FILE with user= and password= lines"
              + " (scripts/postgres start writes one)");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(credentialsFile))) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "--jdbcCredentialsFile "
              + credentialsFile
              + ": no such file (scripts/postgres start writes one)");
    } catch (IOException e) {
      throw new IllegalArgumentException("--jdbcCredentialsFile " + credentialsFile + ": " + e);
    }
    String user = p.getProperty("user", "");
    if (user.isBlank()) {
      throw new IllegalArgumentException(
          "--jdbcCredentialsFile " + credentialsFile + " has no user= line");
    }
    return new JdbcTarget(url, user, p.getProperty("password", ""), DEFAULT_OUTAGE_TIMEOUT);
  }

  /** The same database, with writes waiting up to {@code timeout} for it during an outage. */
  public JdbcTarget withOutageTimeout(Duration timeout) {
    return new JdbcTarget(url, user, password, timeout);
  }

  /** One attempt to open a connection. */
  Connection open() throws SQLException {
    DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    return DriverManager.getConnection(url, p);
  }

  /** Opens a connection, or fails in one line naming the database and the likely fix. */
  public Connection connect() {
    try {
      return open();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "no PostgreSQL answers at "
              + url
              + " as "
              + user
              + " ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): start one with scripts/postgres start, or fix --jdbcUrl/--jdbcCredentialsFile");
    }
  }

  /** Runs a pipeline's schema script (CREATE TABLE IF NOT EXISTS ...), statement by statement. */
  public void apply(String schemaSql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // Comments first: one may hold a ';' or an apostrophe.
      for (String statement : withoutComments(schemaSql).split(";")) {
        String sql = statement.strip();
        if (!sql.isEmpty()) {
          s.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("creating tables at " + url + " failed: " + e.getMessage());
    }
  }

  /** A table as the database describes it: its columns in order and its primary key. */
  public record Table(String name, List<String> columns, List<String> key)
      implements Serializable {}

  /**
   * The table's columns and primary key, read from the database (so a table is declared once, in
   * its schema.sql); fails in one line when the table is missing or has no primary key to upsert
   * by.
   */
  public Table describe(String table) {
    try (Connection c = connect()) {
      DatabaseMetaData meta = c.getMetaData();
      String schema = c.getSchema();
      List<String> columns = new ArrayList<>();
      // Ordered by position; the name is a LIKE pattern ('_' matches any letter), so compare it.
      try (ResultSet r = meta.getColumns(null, schema, table, null)) {
        while (r.next()) {
          if (table.equals(r.getString("TABLE_NAME"))) {
            columns.add(r.getString("COLUMN_NAME"));
          }
        }
      }
      String[] key = new String[columns.size()];
      int keyColumns = 0;
      try (ResultSet r = meta.getPrimaryKeys(null, schema, table)) {
        while (r.next()) {
          key[r.getInt("KEY_SEQ") - 1] = r.getString("COLUMN_NAME");
          keyColumns++;
        }
      }
      if (columns.isEmpty() || keyColumns == 0) {
        throw new IllegalStateException(
            "table "
                + table
                + (columns.isEmpty() ? " does not exist" : " has no primary key")
                + " at "
                + url
                + ": declare it in the pipeline's schema.sql");
      }
      return new Table(table, columns, List.of(java.util.Arrays.copyOf(key, keyColumns)));
    } catch (SQLException e) {
      throw new IllegalStateException("reading table " + table + " at " + url + ": " + e);
    }
  }

  private static String withoutComments(String sql) {
    StringBuilder sb = new StringBuilder();
    sql.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  /** The password stays out of logs and display data. */
  @Override
  public String toString() {
    return url + " as " + user;
  }
}
