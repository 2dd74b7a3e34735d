package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What submit stores when it is given no --parallelism: what the FlinkRunner will pick. */
class FlinkClientDefaultsTest {

  @TempDir Path dir;

  @Test
  void withoutAFlinkConfigurationItIsOne() {
    assertEquals(1, FlinkClientDefaults.parallelism(List.of(), Optional.empty()));
    assertEquals(1, FlinkClientDefaults.parallelism(List.of(), Optional.of(dir.toString())));
  }

  @Test
  void legacyFlatAndNewNestedFilesAreRead() throws Exception {
    Path legacy = Files.createDirectory(dir.resolve("legacy"));
    Files.writeString(
        legacy.resolve("flink-conf.yaml"), "jobmanager.rpc.port: 6123\nparallelism.default: 3\n");
    assertEquals(3, FlinkClientDefaults.parallelism(List.of(), Optional.of(legacy.toString())));

    Path nested = Files.createDirectory(dir.resolve("nested"));
    Files.writeString(nested.resolve("config.yaml"), "parallelism:\n  default: 5\n");
    // config.yaml wins over flink-conf.yaml, as in Flink 1.19
    Files.writeString(nested.resolve("flink-conf.yaml"), "parallelism.default: 3\n");
    assertEquals(5, FlinkClientDefaults.parallelism(List.of(), Optional.of(nested.toString())));
  }

  @Test
  void theFlinkConfDirOptionWinsOverTheEnvironment() throws Exception {
    Path env = Files.createDirectory(dir.resolve("env"));
    Files.writeString(env.resolve("config.yaml"), "parallelism.default: 2\n");
    Path option = Files.createDirectory(dir.resolve("option"));
    Files.writeString(option.resolve("config.yaml"), "parallelism.default: 6\n");
    assertEquals(
        6,
        FlinkClientDefaults.parallelism(
            List.of("--inputTopic=x", "--flinkConfDir=" + option), Optional.of(env.toString())));
    assertEquals(
        2, FlinkClientDefaults.parallelism(List.of("--inputTopic=x"), Optional.of(env.toString())));
  }
}
