package dev.sluice.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class PipelineRunTest {

  private static FlinkPipelineOptions flink(String... args) {
    return PipelineOptionsFactory.fromArgs(PipelineRun.withDefaults(args))
        .as(FlinkPipelineOptions.class);
  }

  @Test
  void flinkRunsWithoutElementCopiesUnlessTheUserSaysOtherwise() {
    FlinkPipelineOptions defaults = flink("--runner=FlinkRunner");
    assertTrue(defaults.getObjectReuse());
    assertEquals(false, defaults.getFasterCopy());

    FlinkPipelineOptions explicit = flink("--runner=FlinkRunner", "--objectReuse=false");
    assertEquals(false, explicit.getObjectReuse());
  }

  /**
   * What a checkpoint relies on: while Flink's heap backend snapshots, a state value about to be
   * changed in place is first copied through its serializer, so the snapshot keeps the old one.
   * With Beam's --fasterCopy that copy is the same object, and the snapshot would see the change.
   */
  @Test
  void flinkStateIsCopiedOnWriteWithTheDefaultsAndFasterCopyIsRefused() {
    java.util.ArrayList<String> value = new java.util.ArrayList<>(List.of("a"));
    org.apache.beam.sdk.coders.Coder<List<String>> coder =
        org.apache.beam.sdk.coders.ListCoder.of(org.apache.beam.sdk.coders.StringUtf8Coder.of());
    List<String> copy =
        new org.apache.beam.runners.flink.translation.types.CoderTypeSerializer<>(
                coder, flink("--runner=FlinkRunner").getFasterCopy())
            .copy(value);
    value.add("changed after the snapshot");
    assertEquals(List.of("a"), copy);

    assertRefusedOnlyWhenOn("fasterCopy", PipelineRun::checkStateCopied);
  }

  @Test
  void directRunsAreNotGivenFlinkFlags() {
    List<String> args = List.of(PipelineRun.withDefaults(new String[] {"--runner=DirectRunner"}));
    assertTrue(
        args.stream().noneMatch(a -> a.contains("objectReuse") || a.contains("fasterCopy")),
        args.toString());
  }

  @Test
  void theProgressLineShowsTheCountersAPersonWatchesAndRareOnesOnlyWhenTheyMove() {
    java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>();
    counters.put("records_read", 1200L);
    counters.put("events_valid", 1188L);
    counters.put("events_invalid", 12L);
    counters.put("writes_failed", 0L);
    counters.put("events_late", 3L);
    counters.put("events_duplicate", 5L);
    counters.put("panes_out", 40L);
    counters.put("droppedDueToLateness", 0L);
    assertEquals(
        "read 1200 valid 1188 dead 12 late 3 dup 5 out 40", PipelineRun.progress(counters));
    counters.put("droppedDueToLateness", 2L);
    assertEquals(
        "read 1200 valid 1188 dead 12 late 3 dup 5 out 40 dropped 2",
        PipelineRun.progress(counters));
  }

  @Test
  void metricsPortIsRefusedOnFlinkWhoseRunReturnsOnlyAtTheEnd() {
    SluiceOptions flink =
        PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--metricsPort=9464")
            .as(SluiceOptions.class);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> PipelineRun.checkMetricsPort(flink));
    assertTrue(e.getMessage().contains("--runner=DirectRunner"), e.getMessage());
    PipelineRun.checkMetricsPort(
        PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--metricsPort=9464")
            .as(SluiceOptions.class));
    PipelineRun.checkMetricsPort(
        PipelineOptionsFactory.fromArgs("--runner=FlinkRunner").as(SluiceOptions.class));
  }

  @Test
  void disablingBeamMetricsIsRefusedBecauseTheAccountingNeedsThem() {
    assertRefusedOnlyWhenOn("disableMetrics", PipelineRun::checkMetricsKept);
  }

  /** A refused switch: bare or =true fails in one line naming the fix; =false passes. */
  private static void assertRefusedOnlyWhenOn(
      String name, java.util.function.Consumer<List<String>> check) {
    for (String flag : List.of("--" + name + "=true", "--" + name)) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> check.accept(List.of("--runner=FlinkRunner", flag)));
      assertTrue(e.getMessage().contains("drop the flag"), e.getMessage());
    }
    check.accept(List.of("--runner=FlinkRunner", "--" + name + "=false"));
  }

  @Test
  void theOpeningLineSaysWhatARestartDoesOnThisRunner() {
    String direct = PipelineRun.restart(dev.sluice.runner.RunnerTraits.named("DirectRunner"), "g");
    assertTrue(direct.contains("no offsets are committed"), direct);
    assertTrue(direct.contains("from the start (earliest)"), direct);
    SluiceOptions cluster =
        PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=jm:8081")
            .as(SluiceOptions.class);
    String onCluster =
        PipelineRun.restart(dev.sluice.runner.RunnerTraits.of(cluster), cluster.getGroupId());
    assertTrue(onCluster.contains("--fromSavepoint"), onCluster);
    assertTrue(onCluster.contains("committed to group sluice"), onCluster);
  }
}
