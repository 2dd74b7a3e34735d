package dev.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * --baseline DIR: another checkout's bench build (`mvn -Pbench package -DskipTests` run there), so
 * that the plain Sluice row can be measured with an older build side by side with this one: its
 * {@code target/bench/classes} and {@code target/bench/runtime.classpath} make the child's
 * classpath (its own Sluice, {@link Measured} and {@link PollProbe}), and its main class is the
 * windowed-aggregate pipeline under whichever name that build has.
 */
record Baseline(Path dir, String classpath, String mainClass, String commit) {

  static final String NEW_MAIN = "dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline";
  static final String OLD_MAIN = "dev.sluice.pipelines.WindowedAggregatePipeline";

  static Baseline of(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    Path classes = root.resolve("target/bench/classes");
    Path runtime = root.resolve("target/bench/runtime.classpath");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(runtime)) {
      throw new IllegalArgumentException(
          "--baseline "
              + dir
              + ": no "
              + classes
              + " or "
              + runtime
              + " (build it there first: mvn -Pbench package -DskipTests)");
    }
    String main = null;
    for (String candidate : new String[] {NEW_MAIN, OLD_MAIN}) {
      if (Files.isRegularFile(classes.resolve(candidate.replace('.', '/') + ".class"))) {
        main = candidate;
        break;
      }
    }
    if (main == null) {
      throw new IllegalArgumentException(
          "--baseline " + dir + ": neither " + NEW_MAIN + " nor " + OLD_MAIN + " in " + classes);
    }
    try {
      String cp = classes + ":" + Files.readString(runtime, StandardCharsets.UTF_8).trim();
      return new Baseline(root, cp, main, commit(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checkout's commit (short hash, "+dirty" with local changes), or "?" without git. */
  private static String commit(Path root) {
    try {
      Process p =
          new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty=+dirty")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  String describe() {
    return dir + " (commit " + commit + ", main class " + mainClass + ")";
  }
}
