package dev.sluice.local;

import dev.sluice.kafka.Topics;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LocalKafka} as a detached child JVM so the broker outlives the {@code sluice kafka
 * start} command. Everything it needs later lives in the state directory: {@code broker.pid},
 * {@code broker.port}, {@code broker.log} and the broker's {@code data}.
 */
public final class LocalKafkaProcess {

  private static final long START_TIMEOUT_MS = 90_000;
  private static final long STOP_TIMEOUT_S = 30;

  /** What {@code sluice kafka status} shows; topics is -1 when the broker did not answer. */
  public record Status(boolean running, long pid, String bootstrapServers, int topics, Path log) {}

  private LocalKafkaProcess() {}

  public static String start(Path stateDir, int port) {
    return start(stateDir, port, null);
  }

  /**
   * Spawns the broker and waits for its READY line; returns its bootstrap address. Port 0 lets the
   * child pick a free port, which it reports in that line.
   */
  public static String start(Path stateDir, int port, PrintStream progress) {
    Optional<ProcessHandle> existing = running(stateDir);
    if (existing.isPresent()) {
      throw new IllegalStateException(
          "a broker is already running (pid " + existing.get().pid() + ") at " + address(stateDir));
    }
    if (port != 0) {
      LocalKafka.requirePortFree(port);
    }
    if (progress != null) {
      progress.print("starting Kafka");
      progress.flush();
    }
    Path log = stateDir.resolve("broker.log");
    Process process;
    try {
      Files.createDirectories(stateDir);
      Files.deleteIfExists(stateDir.resolve("broker.port"));
      ProcessBuilder builder = new ProcessBuilder(command(stateDir.resolve("data"), port));
      // Via the environment, not -cp: /proc cmdline reads stop at 4 KiB, and the class name that
      // identifies our broker in running() must stay visible (and ps output readable).
      builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
      builder
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      process = builder.start();
      write(stateDir.resolve("broker.pid"), String.valueOf(process.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the broker process: " + e.getMessage(), e);
    }
    String address;
    try {
      address = awaitReady(process, log, progress);
    } catch (RuntimeException e) {
      deleteQuietly(stateDir.resolve("broker.pid"));
      throw e;
    } finally {
      if (progress != null) {
        progress.println();
      }
    }
    write(stateDir.resolve("broker.port"), address.substring(address.lastIndexOf(':') + 1));
    return address;
  }

  /** The broker's status, from the pid file and, when it runs, a quick admin call. */
  public static Status status(Path stateDir) {
    Path log = stateDir.resolve("broker.log");
    Optional<ProcessHandle> handle = running(stateDir);
    if (handle.isEmpty()) {
      return new Status(false, -1, null, -1, log);
    }
    String address = address(stateDir);
    int topics = -1;
    if (address != null) {
      try {
        topics =
            Topics.list(
                    Map.of(
                        "bootstrap.servers",
                        address,
                        "request.timeout.ms",
                        3_000,
                        "default.api.timeout.ms",
                        5_000))
                .size();
      } catch (RuntimeException e) {
        // Still starting or hung: report it as running with unknown topics.
      }
    }
    return new Status(true, handle.get().pid(), address, topics, log);
  }

  /** Stops the broker: SIGTERM, up to 30 s for a clean shutdown, then SIGKILL. */
  public static boolean stop(Path stateDir) {
    Optional<ProcessHandle> handle = running(stateDir);
    try {
      if (handle.isEmpty()) {
        return false;
      }
      ProcessHandle process = handle.get();
      process.destroy();
      try {
        process.onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
      }
      return true;
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the broker: " + e.getMessage(), e);
    } finally {
      deleteQuietly(stateDir.resolve("broker.pid"));
      deleteQuietly(stateDir.resolve("broker.port"));
    }
  }

  /** The address of the broker running from this state dir, if any; no network call. */
  public static Optional<String> runningAddress(Path stateDir) {
    return running(stateDir).map(p -> address(stateDir));
  }

  /**
   * The live broker process named by the pid file; a stale file (dead or reused pid) is ignored.
   */
  public static Optional<ProcessHandle> running(Path stateDir) {
    Path pidFile = stateDir.resolve("broker.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(LocalKafka.class.getName()))
                    .orElse(true));
  }

  static List<String> command(Path dataDir, int port) {
    List<String> cmd = new ArrayList<>();
    // A new session keeps the broker alive when the terminal that started it closes or gets Ctrl-C.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(JvmFlags.CHILD);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add(LocalKafka.class.getName());
    cmd.add("--dir");
    cmd.add(dataDir.toAbsolutePath().toString());
    cmd.add("--port");
    cmd.add(String.valueOf(port));
    return cmd;
  }

  private static String awaitReady(Process process, Path log, PrintStream progress) {
    long start = System.currentTimeMillis();
    long lastDot = start;
    while (true) {
      for (String line : readLines(log)) {
        if (line.startsWith("READY ")) {
          return line.substring("READY ".length()).trim();
        }
        if (line.startsWith("FAILED ")) {
          throw new IllegalStateException(line.substring("FAILED ".length()));
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the broker exited with code " + process.exitValue() + " (see " + log + ")");
      }
      long now = System.currentTimeMillis();
      if (now - start > START_TIMEOUT_MS) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the broker did not start within " + START_TIMEOUT_MS / 1000 + " s (see " + log + ")");
      }
      if (progress != null && now - lastDot >= 1000) {
        progress.print('.');
        progress.flush();
        lastDot = now;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the broker", e);
      }
    }
  }

  private static String address(Path stateDir) {
    try {
      return "127.0.0.1:" + Files.readString(stateDir.resolve("broker.port")).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing to do: a stale file is detected and ignored next time.
    }
  }
}
