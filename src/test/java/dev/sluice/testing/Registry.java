package dev.sluice.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env =
        Map.of("REGISTRY_PORT", Integer.toString(port), "REGISTRY_DIR", dir.toString());
    script(env, "start");
    return new Registry(port, env);
  }

  /** The API root, as {@code --registry} and {@code --schemaRegistry} take it. */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/registry/v3";
  }

  @Override
  public void close() throws Exception {
    script(env, "stop");
  }

  private static void script(Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("scripts/registry", command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("scripts/registry " + command + " failed: " + out.strip());
    }
  }
}
