package dev.sluice.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The parallelism Beam's FlinkRunner gives a job submitted without {@code --parallelism}: {@code
 * parallelism.default} of the <em>client's</em> Flink configuration ({@code --flinkConfDir}, else
 * $FLINK_CONF_DIR), else 1. The cluster's own default never applies: the runner always sets one. So
 * submit knows it without asking the cluster, and stores it for the resume command.
 */
public final class FlinkClientDefaults {

  /** The FlinkRunner's fallback when no configuration sets a default. */
  public static final int PARALLELISM = 1;

  private FlinkClientDefaults() {}

  public static int parallelism(List<String> pipelineArgs, Optional<String> flinkConfDirEnv) {
    Optional<Path> dir =
        pipelineArgs.stream()
            .filter(a -> a.startsWith("--flinkConfDir="))
            .map(a -> a.substring("--flinkConfDir=".length()))
            .reduce((a, b) -> b)
            .or(() -> flinkConfDirEnv)
            .filter(s -> !s.isBlank())
            .map(Path::of);
    return dir.flatMap(FlinkClientDefaults::configured).orElse(PARALLELISM);
  }

  /** Flink 1.19 reads config.yaml (nested keys allowed) if present, else flink-conf.yaml (flat). */
  static Optional<Integer> configured(Path confDir) {
    Path file = confDir.resolve("config.yaml");
    if (!Files.isRegularFile(file)) {
      file = confDir.resolve("flink-conf.yaml");
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Object value;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      value = root instanceof Map<?, ?> map ? map.get("parallelism.default") : null;
      if (value == null
          && root instanceof Map<?, ?> map
          && map.get("parallelism") instanceof Map<?, ?> p) {
        value = p.get("default");
      }
    } catch (IOException | YAMLException e) {
      // The job gets what submit sends either way; only the default is unknown.
      System.err.printf(
          "sluice: warning: cannot read %s (%s); the default parallelism is taken as %d%n",
          file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""), PARALLELISM);
      return Optional.empty();
    }
    try {
      return value == null
          ? Optional.empty()
          : Optional.of(Integer.parseInt(value.toString().strip())).filter(p -> p > 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          file + ": parallelism.default is not a number: " + e.getMessage(), e);
    }
  }
}
