package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogued pipeline takes its events from whichever {@code --source} it is given, through
 * the kit's one read: built with {@code --source=pubsub} or {@code --source=kinesis}, its graph
 * reads the subscription or stream and no event topic, and a pipeline with control topics (rules)
 * still reads those from Kafka.
 */
class SourcesBuildTest {

  @TempDir static Path dir;

  static Stream<String> pipelines() {
    return Pipelines.all().keySet().stream();
  }

  static Stream<Arguments> pipelinesAndSources() {
    return pipelines()
        .flatMap(
            name ->
                Stream.of(
                    Arguments.of(name, "pubsub", "ReadPubsub"),
                    Arguments.of(name, "kinesis", "ReadKinesis")));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("pipelinesAndSources")
  void everyPipelineReadsItsEventsFromTheSourceItIsGiven(
      String name, String source, String readStep) {
    List<String> reads = reads(Pipelines.get(name), "--source=" + source);
    assertTrue(reads.stream().anyMatch(n -> n.contains(readStep)), reads.toString());
    assertEquals(
        controlTopics(Pipelines.get(name)),
        reads.stream().anyMatch(n -> n.contains("ReadControlTopics")),
        reads.toString());
    assertTrue(
        reads.stream().noneMatch(n -> n.startsWith("ReadEvents/ReadKafka")), reads.toString());
  }

  /** The case above covers a read of control topics beside another source. */
  @Test
  void someScenarioReadsControlTopics() {
    assertTrue(pipelines().anyMatch(name -> controlTopics(Pipelines.get(name))));
  }

  private static <O extends SluiceOptions> boolean controlTopics(PipelineSpec<O> spec) {
    return !spec.controlTopics(spec.parse(args(spec, "--source=pubsub"))).isEmpty();
  }

  private static <O extends SluiceOptions> List<String> reads(PipelineSpec<O> spec, String source) {
    Pipeline pipeline = spec.build(spec.parse(args(spec, source)));
    List<String> reads = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getInputs().isEmpty()) {
              reads.add(node.getFullName());
            }
          }
        });
    return reads;
  }

  private static String[] args(PipelineSpec<?> spec, String source) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--bootstrapServers=127.0.0.1:1",
                source,
                "--inputSubscription=projects/sluice-test/subscriptions/events",
                "--inputStream=events",
                "--kinesisEndpoint=http://127.0.0.1:1"));
    // The scenario's flags: with router's and payments-risk's rules topics, read from Kafka.
    spec.scenarioArgs("sources-" + spec.name(), dir).stream()
        .filter(a -> !a.startsWith("--inputTopic="))
        .forEach(args::add);
    return args.toArray(new String[0]);
  }
}
