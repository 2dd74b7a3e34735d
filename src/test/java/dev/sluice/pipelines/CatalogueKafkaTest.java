package dev.sluice.pipelines;

import dev.sluice.testing.PipelineScenario;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every catalogued pipeline owes, on a real broker and on both local runners: a bounded run
 * over generated input (late, repeated, malformed events) ends DONE, every record is accounted for
 * by its own identities, and its audit, recomputed from the input topic, is clean.
 */
class CatalogueKafkaTest {

  @TempDir Path dir;

  static Stream<Arguments> pipelinesAndRunners() {
    return Pipelines.all().keySet().stream()
        .flatMap(
            name ->
                Stream.of(
                    Arguments.of(name, new String[] {"--runner=DirectRunner"}),
                    Arguments.of(
                        name,
                        new String[] {
                          "--runner=FlinkRunner", "--streaming=true", "--parallelism=2"
                        })));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("pipelinesAndRunners")
  void aBoundedRunAccountsForEveryRecordAndItsAuditIsClean(String name, String[] runner) {
    new PipelineScenario<>(Pipelines.get(name), dir).assertBoundedRunIsClean(runner);
  }
}
