package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cluster.JobStore;
import dev.sluice.cluster.StoredJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster commands' failures without a cluster: one line each, saying what to do. */
class ClusterCliTest {

  /** Nothing listens on port 1; nothing else is ever started there either. */
  static final String NO_CLUSTER = "--flinkMaster=127.0.0.1:1";

  @TempDir Path dir;

  static void assertOneLineError(KafkaCliTest.Run run, String expected) {
    assertEquals(1, run.code(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains(expected), run.err());
  }

  @Test
  void submitWithoutTheJobJar() {
    KafkaCliTest.Run run =
        sluice(
            "submit",
            "windowed-aggregate",
            NO_CLUSTER,
            "--stateDir=" + dir,
            "--jar=" + dir.resolve("missing.jar"),
            "--inputTopic=x");
    assertOneLineError(run, "SLUICE_MAVEN_ARGS=-Pflink-runner");
  }

  @Test
  void submitWithoutACluster() throws Exception {
    Path jar = Files.createFile(dir.resolve("job.jar"));
    KafkaCliTest.Run run =
        sluice(
            "submit",
            "windowed-aggregate",
            NO_CLUSTER,
            "--stateDir=" + dir,
            "--jar=" + jar,
            "--inputTopic=x");
    assertOneLineError(
        run,
        "no Flink cluster answers at http://127.0.0.1:1 (start one with scripts/flink-cluster start)");
  }

  @Test
  void jobsWithoutACluster() {
    assertOneLineError(
        sluice("jobs", NO_CLUSTER, "--stateDir=" + dir),
        "no Flink cluster answers at http://127.0.0.1:1");
  }

  /** A usage mistake: exit 2, as for every other bad flag, and before any cluster is asked. */
  @Test
  void chaosCiSetNamesItsOwnCases() {
    KafkaCliTest.Run run = sluice("chaos", "--ci", "--scenario=kill-taskmanager", NO_CLUSTER);
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("drop --scenario and --pipeline, or --ci"), run.err());
  }

  @Test
  void unknownJobName() {
    assertOneLineError(
        sluice("cancel", "nobody", NO_CLUSTER, "--stateDir=" + dir),
        "'nobody' is neither a Flink job id (32 hex digits) nor a job name");
  }

  @Test
  void savepointOfAStoredJobWithoutACluster() {
    new JobStore(dir)
        .save(
            new StoredJob(
                "orders",
                "windowed-aggregate",
                "orders-1",
                "0123456789abcdef0123456789abcdef",
                "x",
                Instant.EPOCH,
                "",
                "",
                "",
                1,
                List.of()));
    assertOneLineError(
        sluice("savepoint", "orders", "--stop", NO_CLUSTER, "--stateDir=" + dir),
        "no Flink cluster answers");
  }

  @Test
  void resumeHintQuotesWhatTheShellWouldSplit() {
    StoredJob job =
        new StoredJob(
            "orders",
            "windowed-aggregate",
            "orders-1",
            "",
            "",
            Instant.EPOCH,
            "",
            "",
            "",
            2,
            List.of("--inputTopic=events", "--kafkaProperty=client.id=a b;"));
    assertEquals(
        "scripts/sluice submit windowed-aggregate --jobName=orders --fromSavepoint=file:/sp/savepoint-1 --parallelism=2 --inputTopic=events"
            + " '--kafkaProperty=client.id=a b;'",
        ResumeHint.command(job, "file:/sp/savepoint-1"));
  }

  /** Pasting the resume command must not rescale the job (the FlinkRunner's default is 1). */
  @Test
  void resumeHintKeepsTheStoredParallelism(@TempDir Path state) {
    JobStore store = new JobStore(state);
    store.save(
        new StoredJob(
            "orders",
            "windowed-aggregate",
            "orders-1",
            "",
            "",
            Instant.EPOCH,
            "",
            "",
            "",
            4,
            List.of("--inputTopic=events")));
    StoredJob stored = store.find("orders").orElseThrow();
    String afterCancel =
        ResumeHint.command(stored.withCheckpoint("file:/cp/chk-9"), "file:/cp/chk-9");
    String afterStop = ResumeHint.command(stored.withSavepoint("file:/sp/sp-2"), "file:/sp/sp-2");
    assertTrue(
        afterCancel.contains(" --fromSavepoint=file:/cp/chk-9 --parallelism=4 "), afterCancel);
    assertTrue(afterStop.contains(" --fromSavepoint=file:/sp/sp-2 --parallelism=4 "), afterStop);

    StoredJob old =
        new StoredJob(
            "old", "windowed-aggregate", "old-1", "", "", Instant.EPOCH, "", "", "", 0, List.of());
    String hint = ResumeHint.command(old, "file:/sp/sp-1");
    assertTrue(!hint.contains("--parallelism=0"), hint);
    assertTrue(hint.contains("# parallelism was not stored"), hint);
  }
}
