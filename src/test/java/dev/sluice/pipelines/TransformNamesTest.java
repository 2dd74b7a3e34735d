package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.kit.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flink keys each operator's state by the Beam transform's full name. A savepoint taken by one
 * build restores in the next only if these names stay the same, so each catalogued pipeline writes
 * them down in {@code pipelines/NAME/transform-names.txt}; a rename must change that file on
 * purpose (and break savepoint compatibility knowingly).
 *
 * <p>The names come from a fresh JVM, as for a real submission: Beam SQL numbers its operators per
 * JVM, so names built inside this test JVM (after other tests planned queries) would differ.
 */
class TransformNamesTest {

  static Stream<String> pipelines() {
    return Pipelines.all().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void operatorNamesAreTheOnesSavepointsWereTakenWith(String name) throws Exception {
    PipelineSpec<?> spec = Pipelines.get(name);
    Path expectedFile = Path.of("pipelines", spec.transformNamesResource());
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PrintTransformNames.class.getName(),
                name,
                "--runner=DirectRunner",
                "--bootstrapServers=127.0.0.1:1"));
    command.addAll(spec.exampleArgs());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), printed);
    List<String> expected =
        Files.readAllLines(expectedFile).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .toList();
    assertEquals(
        String.join("\n", expected),
        printed.strip(),
        "transform names changed: savepoints of earlier builds will not restore. If intended, update "
            + expectedFile);
  }
}
