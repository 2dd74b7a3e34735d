package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class SubmitPlanTest {

  static final List<String> TOPICS =
      List.of(
          "--inputTopic=events",
          "--outputTopic=results",
          "--deadLetterTopic=dead-letters",
          "--lateTopic=late");

  static SubmitRequest fresh(List<String> args) {
    return new SubmitRequest(
        "windowed-aggregate",
        "orders",
        "127.0.0.1:8081",
        Path.of("/jars/sluice-flink.jar"),
        null,
        null,
        args);
  }

  static SubmitRequest restore(String path, Integer parallelism) {
    return new SubmitRequest(
        "windowed-aggregate",
        "orders",
        "127.0.0.1:8081",
        Path.of("/jars/sluice-flink.jar"),
        path,
        parallelism,
        TOPICS);
  }

  static StoredJob stored(String pipeline, String sinkGroupId) {
    return new StoredJob(
        "orders",
        pipeline,
        sinkGroupId,
        "0123456789abcdef0123456789abcdef",
        "127.0.0.1:8081",
        Instant.EPOCH,
        "",
        "",
        "",
        1,
        TOPICS);
  }

  @Test
  void freshSubmitCreatesANewSinkGroupIdEvenWhenOneIsStored() {
    SubmitPlan plan =
        SubmitPlan.of(
            fresh(TOPICS),
            Optional.of(stored("windowed-aggregate", "orders-11111111")),
            () -> "a1b2c3d4");
    assertEquals("orders-a1b2c3d4", plan.sinkGroupId());
    assertTrue(plan.runnerArgs().contains("--sinkGroupId=orders-a1b2c3d4"));
    assertFalse(plan.runnerArgs().stream().anyMatch(a -> a.startsWith("--savepointPath")));
  }

  @Test
  void restoreReusesTheStoredSinkGroupId() {
    SubmitPlan plan =
        SubmitPlan.of(
            restore("file:/sp/savepoint-1", 2),
            Optional.of(stored("windowed-aggregate", "orders-11111111")),
            () -> "a1b2c3d4");
    assertEquals("orders-11111111", plan.sinkGroupId());
    assertTrue(
        plan.runnerArgs()
            .containsAll(
                List.of(
                    "--sinkGroupId=orders-11111111",
                    "--savepointPath=file:/sp/savepoint-1",
                    "--parallelism=2")));
  }

  @Test
  void restoreWithoutAStoredSinkGroupIdFails() {
    IllegalStateException none =
        assertThrows(
            IllegalStateException.class,
            () -> SubmitPlan.of(restore("file:/sp/x", null), Optional.empty(), () -> "a1b2c3d4"));
    assertTrue(
        none.getMessage().contains("no sink group id is stored for job 'orders'"),
        none.getMessage());
    assertThrows(
        IllegalStateException.class,
        () ->
            SubmitPlan.of(
                restore("file:/sp/x", null),
                Optional.of(stored("windowed-aggregate", "")),
                () -> "a1b2c3d4"));
  }

  @Test
  void restoreIntoAnotherPipelineFails() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                SubmitPlan.of(
                    restore("file:/sp/x", null),
                    Optional.of(stored("other-pipeline", "orders-1")),
                    () -> "a1b2c3d4"));
    assertTrue(e.getMessage().contains("runs pipeline other-pipeline"), e.getMessage());
  }

  @Test
  void runnerArgumentsDetachOnTheClusterWithOverridableDefaults() {
    List<String> args =
        SubmitPlan.of(fresh(TOPICS), Optional.empty(), () -> "a1b2c3d4").runnerArgs();
    assertTrue(
        args.containsAll(
            List.of(
                "--runner=FlinkRunner",
                "--flinkMaster=127.0.0.1:8081",
                "--filesToStage=/jars/sluice-flink.jar",
                "--streaming=true",
                "--attachedMode=false",
                "--jobName=orders",
                "--checkpointingInterval=10000",
                "--externalizedCheckpointsEnabled=true",
                "--retainExternalizedCheckpointsOnCancellation=true",
                "--exactlyOnce=true")),
        args.toString());
    assertTrue(args.containsAll(TOPICS));
    assertFalse(
        args.stream()
            .anyMatch(
                a -> a.startsWith("--parallelism") || a.startsWith("--numberOfExecutionRetries")));

    List<String> overridden =
        SubmitPlan.of(
                fresh(List.of("--exactlyOnce=false", "--checkpointingInterval=5000")),
                Optional.empty(),
                () -> "a1b2c3d4")
            .runnerArgs();
    assertEquals(1, overridden.stream().filter(a -> a.startsWith("--exactlyOnce")).count());
    assertTrue(
        overridden.containsAll(List.of("--exactlyOnce=false", "--checkpointingInterval=5000")));
    assertFalse(overridden.contains("--checkpointingInterval=10000"));
  }

  @Test
  void flagsSubmitManagesAreRejected() {
    for (String flag :
        List.of(
            "--runner=DirectRunner",
            "--sinkGroupId=x",
            "--numberOfExecutionRetries=3",
            "--attachedMode=true",
            "--savepointPath=/x",
            "--streaming")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SubmitPlan.of(fresh(List.of(flag)), Optional.empty(), () -> "a1b2c3d4"),
              flag);
      assertTrue(
          e.getMessage()
              .startsWith("--" + SubmitPlan.flagName(flag) + " cannot be passed to submit"),
          e.getMessage());
    }
  }

  /** The flag names are Beam's and the pipeline's, spelled as Beam 2.70 parses them. */
  @Test
  void beamParsesTheRunnerArguments() {
    List<String> args =
        SubmitPlan.of(
                restore("file:/sp/savepoint-1", 3),
                Optional.of(stored("windowed-aggregate", "orders-11111111")),
                () -> "0")
            .runnerArgs();
    PipelineOptionsFactory.register(WindowedAggregatePipeline.Options.class);
    var options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(WindowedAggregatePipeline.Options.class);
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    assertEquals("FlinkRunner", flink.getRunner().getSimpleName());
    assertEquals("file:/sp/savepoint-1", flink.getSavepointPath());
    assertEquals(3, flink.getParallelism());
    assertEquals(10_000L, flink.getCheckpointingInterval());
    assertTrue(flink.getRetainExternalizedCheckpointsOnCancellation());
    assertFalse(flink.getAttachedMode());
    assertEquals(-1, flink.getNumberOfExecutionRetries());
    assertEquals("orders", flink.getJobName());
    assertTrue(options.getExactlyOnce());
    assertEquals("orders-11111111", options.getSinkGroupId());
  }
}
