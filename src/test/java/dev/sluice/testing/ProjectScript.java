package dev.sluice.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs one of the project's own service scripts ({@code scripts/kinesalite}, {@code
 * scripts/registry}) as a user would, so the tests start services the way the README says.
 */
final class ProjectScript {

  private ProjectScript() {}

  /** A port free on this machine now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code scripts/NAME COMMAND} with {@code env} added; fails with the script's output. */
  static void run(String name, Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("scripts/" + name, command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "scripts/" + name + " " + command + " failed: " + out.strip());
    }
  }
}
