package dev.sluice.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Postgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quick chaos suite on a real standalone Flink cluster (its own ports, so a developer's cluster
 * on 8081 is left alone) with the job jar this build packaged: every scenario must commit every
 * result exactly once. Runs in the integration-test phase of the flink-runner profile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

  static final Path STATE = Path.of("target/chaos-it");
  static final Map<String, String> CLUSTER_ENV =
      Map.of(
          "FLINK_CLUSTER_HOME", STATE.resolve("flink").toAbsolutePath().toString(),
          "FLINK_CLUSTER_REST_PORT", "18081",
          "FLINK_CLUSTER_RPC_PORT", "16123",
          "FLINK_CLUSTER_METRICS_PORTS", "19250-19269");

  @BeforeAll
  static void startCluster() throws Exception {
    cluster("start", "--taskmanagers", "1");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster("stop");
  }

  /**
   * Every TaskManager-kill job also writes its results to PostgreSQL, and each table must then
   * equal the committed topics ({@link DatabaseCheck}).
   */
  @Test
  @Order(1)
  void everyFaultLeavesTheCommittedResultsExactlyOnce() throws Exception {
    try (Postgres postgres = Postgres.start()) {
      ChaosSuite.Outcome outcome =
          new ChaosSuite(site(), ChaosPlan.quick(), System.err)
              .checking(DatabaseCheck.of(postgres, System.err))
              .run(ChaosSuite.ci(), STATE.resolve("table.txt"));
      System.err.print(outcome.table());
      assertTrue(outcome.passed(), outcome.table());
    }
  }

  @Test
  @Order(2)
  void aRunningJobIsVisibleInPrometheusAndTheCli() throws Exception {
    OperabilityCheck.run(site(), System.err);
  }

  /** Last: it leaves the cluster with a second TaskManager. */
  @Test
  @Order(3)
  void aTaskManagerReadingOnlyIdlePartitionsHoldsNothingBack() throws Exception {
    IdleTaskManagerCheck.run(site(), System.err);
  }

  private static ChaosSite site() throws Exception {
    return new ChaosSite(
        "127.0.0.1:18081",
        STATE.resolve("jobs"),
        STATE.resolve("kafka"),
        19392,
        clusterScript(),
        "dev.sluice.cli.Sluice");
  }

  private static Path clusterScript() throws Exception {
    // ChaosEnvironment runs the script for TaskManager faults; it must see the same ports.
    Path wrapper = STATE.resolve("flink-cluster");
    java.nio.file.Files.createDirectories(STATE);
    StringBuilder script = new StringBuilder("#!/usr/bin/env bash\n");
    CLUSTER_ENV.forEach(
        (k, v) -> script.append("export ").append(k).append('=').append(v).append('\n'));
    script
        .append("exec ")
        .append(Path.of("scripts/flink-cluster").toAbsolutePath())
        .append(" \"$@\"\n");
    java.nio.file.Files.writeString(wrapper, script);
    wrapper.toFile().setExecutable(true);
    return wrapper;
  }

  private static void cluster(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = clusterScript().toString();
    System.arraycopy(args, 0, command, 1, args.length);
    // Output into this JVM's stderr, not inherited: the fork's own stdout talks to the build tool.
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(System.err);
    assertTrue(p.waitFor() == 0, "scripts/flink-cluster " + String.join(" ", args) + " failed");
  }
}
