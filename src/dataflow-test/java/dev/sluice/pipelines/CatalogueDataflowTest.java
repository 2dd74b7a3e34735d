package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.options.DataflowPipelineDebugOptions;
import org.apache.beam.vendor.grpc.v1p69p0.com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogued pipeline translates for Dataflow (streaming, runner v2) from each source it can
 * read there, with no cloud and no broker: the events' read is the source's own (KafkaIO's
 * splittable read, or Dataflow's Pub/Sub read) and the dead letters go to Kafka through Sluice's
 * writer. {@link DataflowTranslationTest} looks at windowed-aggregate's graph in detail.
 */
class CatalogueDataflowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> pipelinesAndSources() {
    return Pipelines.all().keySet().stream()
        .flatMap(name -> Stream.of(Arguments.of(name, "kafka"), Arguments.of(name, "pubsub")));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("pipelinesAndSources")
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void translatesForDataflow(String name, String source, @TempDir Path dir) throws Exception {
    Path jobFile = dir.resolve(name + ".json").toAbsolutePath();
    NoopStager stager = new NoopStager("gs://sluice-offline/staging/");
    translate(Pipelines.get(name), source, jobFile, stager);

    assertEquals("JOB_TYPE_STREAMING", JSON.readTree(jobFile.toFile()).path("type").asText());
    JsonNode transforms =
        JSON.readTree(
                JsonFormat.printer()
                    .print(RunnerApi.Pipeline.parseFrom(stager.blob("pipeline.pb"))))
            .path("components")
            .path("transforms");
    List<String> pubsubReads =
        DataflowTranslationTest.names(transforms, "beam:transform:pubsub_read:v1");
    if (source.equals("pubsub")) {
      assertEquals(1, pubsubReads.size(), "Dataflow's own Pub/Sub read: " + pubsubReads);
      assertTrue(pubsubReads.get(0).contains("ReadPubsub"), pubsubReads.get(0));
    } else {
      assertTrue(pubsubReads.isEmpty(), pubsubReads.toString());
      assertTrue(
          DataflowTranslationTest.names(transforms, "beam:transform:pardo:v1").stream()
              .anyMatch(n -> n.contains("ReadKafka/KafkaIO.Read.ReadFromKafkaViaSDF/")),
          "splittable Kafka read");
    }
    DataflowTranslationTest.assertKafkaWrite(transforms, "WriteOutputs/WriteDeadLetters/Kafka");
  }

  private static <O extends SluiceOptions> void translate(
      PipelineSpec<O> spec, String source, Path jobFile, NoopStager stager) {
    List<String> args = new ArrayList<>(DataflowTranslationTest.offline(jobFile));
    args.add("--source=" + source);
    args.add("--inputSubscription=projects/sluice-offline/subscriptions/events");
    args.addAll(spec.exampleArgs());
    O options = spec.parse(args.toArray(new String[0]));
    options.as(DataflowPipelineDebugOptions.class).setStager(stager);
    spec.build(options).run();
  }
}
