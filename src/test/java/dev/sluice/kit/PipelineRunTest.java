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
    assertTrue(defaults.getFasterCopy());

    FlinkPipelineOptions explicit = flink("--runner=FlinkRunner", "--objectReuse=false");
    assertEquals(false, explicit.getObjectReuse());
    assertTrue(explicit.getFasterCopy());
  }

  @Test
  void directRunsAreNotGivenFlinkFlags() {
    List<String> args = List.of(PipelineRun.withDefaults(new String[] {"--runner=DirectRunner"}));
    assertTrue(
        args.stream().noneMatch(a -> a.contains("objectReuse") || a.contains("fasterCopy")),
        args.toString());
  }
}
