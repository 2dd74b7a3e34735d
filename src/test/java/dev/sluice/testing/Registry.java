package dev.sluice.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * Apicurio Registry (in memory) on a free port of 127.0.0.1, started and stopped by the project's
 * own {@code scripts/registry}, which fetches it from Maven Central on first use.
 */
public final class Registry implements AutoCloseable {

  private final int port;
  private final Map<String, String> env;

  private Registry(int port, Map<String, String> env) {
    this.port = port;
    this.env = env;
  }

  public static Registry start(Path dir) throws Exception {
    int port = ProjectScript.freePort();
    Map<String, String> env =
        Map.of("REGISTRY_PORT", Integer.toString(port), "REGISTRY_DIR", dir.toString());
    ProjectScript.run("registry", env, "start");
    return new Registry(port, env);
  }

  /** The API root, as {@code --registry} and {@code --schemaRegistry} take it. */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/registry/v3";
  }

  @Override
  public void close() throws Exception {
    ProjectScript.run("registry", env, "stop");
  }
}
