package dev.sluice.chaos;

import dev.sluice.cluster.JobStore;
import dev.sluice.cluster.StoredJob;
import dev.sluice.local.JvmFlags;
import dev.sluice.local.LocalKafkaProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real parts a chaos scenario acts on: the Flink session cluster (through the same commands a
 * user types: {@code sluice submit | savepoint | cancel}, {@code scripts/flink-cluster}) and the
 * local Kafka broker process.
 *
 * <p>Each sluice command runs in a JVM of its own, as from a shell. That matters: Beam SQL numbers
 * its operators per JVM (BeamAggregationRel_N), Flink keys operator state by those names, and a
 * second submission from the same JVM would not find its savepoint's state.
 */
final class ChaosEnvironment {

  private final String flinkMaster;
  private final Path jobStateDir;
  private final Path kafkaStateDir;
  private final int kafkaPort;
  private final Path clusterScript;
  private final String cliMainClass;
  private final PrintStream log;

  ChaosEnvironment(ChaosSite site, PrintStream log) {
    this.flinkMaster = site.flinkMaster();
    this.jobStateDir = site.jobStateDir();
    this.kafkaStateDir = site.kafkaStateDir();
    this.kafkaPort = site.kafkaPort();
    this.clusterScript = site.clusterScript();
    this.cliMainClass = site.cliMainClass();
    this.log = log;
  }

  /** Where scenario files (a router's rules) are written; next to the job store. */
  Path workDir() {
    Path dir = jobStateDir.toAbsolutePath().resolveSibling("chaos-files");
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  /** Starts the broker unless it runs; true if this call started it. */
  boolean ensureBroker() {
    if (LocalKafkaProcess.running(kafkaStateDir).isPresent()) {
      return false;
    }
    LocalKafkaProcess.start(kafkaStateDir, kafkaPort, log);
    return true;
  }

  void stopBroker() {
    LocalKafkaProcess.stop(kafkaStateDir);
  }

  void startBroker() {
    LocalKafkaProcess.start(kafkaStateDir, kafkaPort, log);
  }

  void submit(
      String pipeline,
      String jobName,
      int parallelism,
      List<String> pipelineArgs,
      String fromSavepoint) {
    List<String> args =
        new ArrayList<>(
            List.of("submit", pipeline, "--jobName=" + jobName, "--parallelism=" + parallelism));
    if (fromSavepoint != null) {
      args.add("--fromSavepoint=" + fromSavepoint);
    }
    args.addAll(clusterFlags());
    args.addAll(pipelineArgs);
    sluice(args);
  }

  /** Stops the job with a savepoint and returns the savepoint's path. */
  String stopWithSavepoint(String jobName) {
    sluice(concat(List.of("savepoint", jobName, "--stop"), clusterFlags()));
    return stored(jobName).lastSavepoint();
  }

  /** Cancels the job and returns its last retained checkpoint. */
  String cancel(String jobName) {
    sluice(concat(List.of("cancel", jobName), clusterFlags()));
    String checkpoint = stored(jobName).lastCheckpoint();
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new IllegalStateException("job " + jobName + " left no retained checkpoint");
    }
    return checkpoint;
  }

  void cancelQuietly(String jobName) {
    try {
      sluice(concat(List.of("cancel", jobName), clusterFlags()));
    } catch (RuntimeException e) {
      log.println("chaos: could not cancel " + jobName + ": " + e.getMessage());
    }
  }

  void killTaskManager() throws IOException, InterruptedException {
    cluster("kill-taskmanager");
  }

  void addTaskManager() throws IOException, InterruptedException {
    cluster("add-taskmanager");
  }

  /** Flink's id of a job this environment submitted. */
  String flinkJobId(String jobName) {
    return stored(jobName).flinkJobId();
  }

  String flinkMaster() {
    return flinkMaster;
  }

  private StoredJob stored(String jobName) {
    return new JobStore(jobStateDir)
        .find(jobName)
        .orElseThrow(
            () -> new IllegalStateException("job " + jobName + " is not in " + jobStateDir));
  }

  private List<String> clusterFlags() {
    return List.of("--flinkMaster=" + flinkMaster, "--stateDir=" + jobStateDir);
  }

  /** {@code sluice jobs -v}: what an operator sees of the cluster's jobs, per vertex. */
  String jobsVerbose() {
    return sluiceOutput("jobs", "-v");
  }

  /** Runs a cluster command of the CLI (its cluster flags added) and returns what it printed. */
  String sluiceOutput(String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    sluice(concat(List.of(args), clusterFlags()), new PrintStream(out, true));
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    log.print(text);
    return text;
  }

  /** Each cluster process's Prometheus address, as {@code scripts/flink-cluster metrics} lists. */
  List<String> metricsEndpoints() throws IOException, InterruptedException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code = run(List.of(clusterScript.toString(), "metrics"), new PrintStream(out, true));
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    log.print(text);
    if (code != 0) {
      throw new IllegalStateException(clusterScript + " metrics failed: " + text);
    }
    return text.lines()
        .map(l -> l.substring(l.indexOf(' ') + 1).strip())
        .filter(u -> u.startsWith("http://"))
        .toList();
  }

  private void sluice(List<String> args) {
    sluice(args, log);
  }

  private void sluice(List<String> args, PrintStream output) {
    log.println(
        "chaos: sluice " + String.join(" ", args.subList(0, Math.min(args.size(), 4))) + " ...");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JvmFlags.CHILD);
    // The same module openings (Beam and Flink need them on Java 17) and log levels as this JVM.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens")
                    || a.startsWith("--add-exports")
                    || a.startsWith("-Dorg.slf4j"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), cliMainClass));
    command.addAll(args);
    try {
      if (run(command, output) != 0) {
        throw new IllegalStateException("sluice " + args.get(0) + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Runs a command with its output copied into this run's log. Not inheritIO: inside a test fork
   * the JVM's own stdout is the channel to the build tool, and a child writing there corrupts it.
   */
  private int run(List<String> command) throws IOException, InterruptedException {
    return run(command, log);
  }

  private int run(List<String> command, PrintStream output)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(output);
    output.flush();
    return p.waitFor();
  }

  private void cluster(String command) throws IOException, InterruptedException {
    log.println("chaos: " + clusterScript + " " + command);
    int code = run(List.of(clusterScript.toString(), command));
    if (code != 0) {
      throw new IllegalStateException(
          clusterScript + " " + command + " failed with exit code " + code);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
