package dev.sluice.bench;

import dev.sluice.local.JvmFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A contender in its own JVM, wrapped by {@link Measured}, with the harness's own classpath (the
 * bench build: Sluice, both runners, the Flink Kafka connector, Kafka Streams). Same heap limit and
 * module openings for every contender.
 */
final class ChildJvm {

  static final String HEAP = "-Xmx4g";

  private static final List<String> OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.math=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.sql/java.sql=ALL-UNNAMED");

  final Process process;
  final Path samples;
  final Path log;

  private ChildJvm(Process process, Path samples, Path log) {
    this.process = process;
    this.samples = samples;
    this.log = log;
  }

  static ChildJvm start(
      Path dir, String name, String mainClass, List<String> args, List<String> jvmFlags) {
    return start(dir, name, System.getProperty("java.class.path"), mainClass, args, jvmFlags);
  }

  /** With another classpath (a baseline build's: its own Sluice, Measured and PollProbe). */
  static ChildJvm start(
      Path dir,
      String name,
      String classpath,
      String mainClass,
      List<String> args,
      List<String> jvmFlags) {
    Path samples = dir.resolve(name + ".samples");
    Path log = dir.resolve(name + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(HEAP);
    cmd.addAll(JvmFlags.CHILD);
    cmd.addAll(OPENS);
    cmd.addAll(jvmFlags);
    cmd.add("-Dbench.stats=" + samples);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=error");
    cmd.add(Measured.class.getName());
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // Through the environment: a long -cp would hide the class names in ps and /proc cmdline.
    builder.environment().put("CLASSPATH", classpath);
    try {
      return new ChildJvm(builder.start(), samples, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  ProcessSample latest() {
    return ProcessSample.latest(samples);
  }

  /** SIGTERM (its shutdown hooks run and write the final sample), then SIGKILL after 30 s. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Kills it if still running (on any failure path). */
  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
