package dev.sluice.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;

/**
 * A throw-away PostgreSQL 15 on a free port of 127.0.0.1, started and stopped by the project's own
 * {@code scripts/postgres}, which installs Debian's package when it is missing.
 */
public final class Postgres implements AutoCloseable {

  private final int port;
  private final Map<String, String> env;

  private Postgres(int port, Map<String, String> env) {
    this.port = port;
    this.env = env;
  }

  public static Postgres start() throws Exception {
    int port = ProjectScript.freePort();
    Map<String, String> env =
        Map.of(
            "POSTGRES_PORT",
            Integer.toString(port),
            "POSTGRES_DIR",
            "/tmp/sluice-postgres-test-" + port);
    ProjectScript.run("postgres", env, "start");
    return new Postgres(port, env);
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/sluice";
  }

  public String credentialsFile() {
    return Path.of(env.get("POSTGRES_DIR"), "credentials.properties").toString();
  }

  /** The flags a run that writes here takes. */
  public String[] flags() {
    return new String[] {"--jdbcUrl=" + url(), "--jdbcCredentialsFile=" + credentialsFile()};
  }

  public Connection connect() throws Exception {
    Properties p = new Properties();
    try (var in = java.nio.file.Files.newBufferedReader(Path.of(credentialsFile()))) {
      p.load(in);
    }
    return DriverManager.getConnection(url(), p);
  }

  /** An outage: the server stops (open sessions end, connections are refused), data kept. */
  public void pause() throws Exception {
    ProjectScript.run("postgres", env, "pause");
  }

  /** The server back on the same port, with the same data and password. */
  public void resume() throws Exception {
    ProjectScript.run("postgres", env, "resume");
  }

  @Override
  public void close() throws Exception {
    ProjectScript.run("postgres", env, "stop");
  }
}
