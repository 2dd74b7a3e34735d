package dev.sluice.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kit.PipelineRun;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Which runs keep state across a restart of the process, and so may commit offsets. */
class RunnerTraitsTest {

  private static RunnerTraits of(String... args) {
    return RunnerTraits.of(
        PipelineOptionsFactory.fromArgs(PipelineRun.withDefaults(args)).create());
  }

  @Test
  void directAndEmbeddedFlinkKeepStateInMemory() {
    assertFalse(of("--runner=DirectRunner").durableState());
    assertFalse(of("--runner=FlinkRunner").durableState(), "[auto]: embedded when no cluster");
    assertFalse(of("--runner=FlinkRunner", "--flinkMaster=[local]").durableState());
    assertFalse(of("--runner=FlinkRunner", "--flinkMaster=[auto]").durableState());
    assertFalse(of("--runner=TestFlinkRunner").durableState());
  }

  @Test
  void flinkOnAClusterAndDataflowKeepItDurably() {
    assertTrue(of("--runner=FlinkRunner", "--flinkMaster=jobmanager:8081").durableState());
    assertTrue(of("--runner=FlinkRunner", "--flinkMaster=localhost:18081").durableState());
    // Dataflow's runner is not a dependency; its name decides.
    assertTrue(RunnerTraits.durableState("DataflowRunner", null));
    assertFalse(RunnerTraits.durableState("DirectRunner", "host:1234"));
    assertFalse(RunnerTraits.named("FlinkRunner").durableState());
  }
}
