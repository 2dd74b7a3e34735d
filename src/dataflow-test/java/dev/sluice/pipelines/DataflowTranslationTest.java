package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.options.DataflowPipelineDebugOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.vendor.grpc.v1p69p0.com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming windowed-aggregate pipeline translates for Dataflow, with no cloud and no broker.
 *
 * <p>{@code --templateLocation} makes DataflowRunner write the job to a local file instead of
 * submitting it. On runner v2 that job holds the environment and options only; the graph is the
 * portable pipeline proto it stages as {@code pipeline.pb}, which {@link NoopStager} keeps. Both
 * are read as JSON.
 */
class DataflowTranslationTest {

  private static final String STAGING = "gs://sluice-offline/staging/";
  private static final ObjectMapper JSON = new ObjectMapper();

  // A guard, not a benchmark: a submit-time Kafka metadata fetch would block for the client's
  // default.api.timeout.ms (60 s) and then fail; the separate thread lets the test fail even then.
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void windowedAggregateTranslatesForDataflow(@TempDir Path dir) throws Exception {
    Path jobFile = dir.resolve("job.json").toAbsolutePath();
    NoopStager stager = new NoopStager(STAGING);
    WindowedAggregatePipeline.Options options = options(jobFile);
    options.as(DataflowPipelineDebugOptions.class).setStager(stager);

    WindowedAggregatePipeline.build(options).run();

    JsonNode job = JSON.readTree(jobFile.toFile());
    assertJob(job);
    byte[] proto = stager.blob("pipeline.pb");
    assertNotNull(proto, "runner v2 stages the pipeline proto");
    String pipelineUrl = job.at("/environment/sdkPipelineOptions/options/pipelineUrl").asText();
    assertEquals(stager.location("pipeline.pb"), pipelineUrl, "the job points at the staged graph");
    assertGraph(JSON.readTree(JsonFormat.printer().print(RunnerApi.Pipeline.parseFrom(proto))));
  }

  /** The router, with its rules topic read next to the events, translates the same way. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void routerTranslatesForDataflow(@TempDir Path dir) throws Exception {
    Path jobFile = dir.resolve("router.json").toAbsolutePath();
    NoopStager stager = new NoopStager(STAGING);
    List<String> args = new ArrayList<>(offline(jobFile));
    args.addAll(
        List.of("--inputTopic=events", "--deadLetterTopic=dead-letters", "--rulesTopic=rules"));
    dev.sluice.pipelines.router.RouterPipeline.Options options =
        dev.sluice.pipelines.router.RouterPipeline.SPEC.parse(args.toArray(new String[0]));
    options.as(DataflowPipelineDebugOptions.class).setStager(stager);
    dev.sluice.pipelines.router.RouterPipeline.build(options).run();

    JsonNode job = JSON.readTree(jobFile.toFile());
    assertEquals("JOB_TYPE_STREAMING", job.path("type").asText());
    JsonNode transforms =
        JSON.readTree(
                JsonFormat.printer()
                    .print(RunnerApi.Pipeline.parseFrom(stager.blob("pipeline.pb"))))
            .path("components")
            .path("transforms");
    JsonNode route = transform(transforms, "Route/Route");
    assertEquals("beam:transform:pardo:v1", route.at("/spec/urn").asText());
    assertEquals(3, route.path("outputs").size(), "one output per routed topic");
    assertKafkaWrite(transforms, "WriteOutputs/WriteRouteRoutedAlerts/Kafka");
    assertKafkaWrite(transforms, "WriteOutputs/WriteDeadLetters/Kafka");
  }

  /**
   * {@code --source=pubsub}: the same graph read from a subscription through PubsubIO, which
   * Dataflow replaces with its own Pub/Sub read (a runner-side source: nothing is contacted at
   * submit, and the service tracks the watermark from the subscription's backlog).
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void windowedAggregateFromPubsubTranslatesForDataflow(@TempDir Path dir) throws Exception {
    Path jobFile = dir.resolve("pubsub.json").toAbsolutePath();
    NoopStager stager = new NoopStager(STAGING);
    PipelineOptionsFactory.register(dev.sluice.kit.PubsubInputOptions.class);
    List<String> args = new ArrayList<>(offline(jobFile));
    args.addAll(
        List.of(
            "--source=pubsub",
            "--inputSubscription=projects/sluice-offline/subscriptions/events",
            "--pubsubTimestampAttribute=ce-time",
            "--outputTopic=results",
            "--deadLetterTopic=dead-letters",
            "--lateTopic=late-events"));
    WindowedAggregatePipeline.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withValidation()
            .as(WindowedAggregatePipeline.Options.class);
    options.as(DataflowPipelineDebugOptions.class).setStager(stager);

    WindowedAggregatePipeline.build(options).run();

    JsonNode job = JSON.readTree(jobFile.toFile());
    assertEquals("JOB_TYPE_STREAMING", job.path("type").asText());
    JsonNode jobOptions = job.at("/environment/sdkPipelineOptions/options");
    assertEquals(
        "projects/sluice-offline/subscriptions/events",
        jobOptions.path("inputSubscription").asText());
    JsonNode pipeline =
        JSON.readTree(
            JsonFormat.printer().print(RunnerApi.Pipeline.parseFrom(stager.blob("pipeline.pb"))));
    JsonNode transforms = pipeline.path("components").path("transforms");
    transform(transforms, "ReadEvents/ReadPubsub");
    List<String> reads = names(transforms, "beam:transform:pubsub_read:v1");
    assertEquals(1, reads.size(), "Dataflow's own Pub/Sub read: " + reads);
    assertTrue(reads.get(0).startsWith("ReadEvents/ReadPubsub"), reads.get(0));
    RunnerApi.PubSubReadPayload payload =
        RunnerApi.PubSubReadPayload.parseFrom(
            java.util.Base64.getDecoder()
                .decode(transform(transforms, reads.get(0)).at("/spec/payload").asText()));
    // The service's own path form for projects/sluice-offline/subscriptions/events.
    assertEquals("/subscriptions/sluice-offline/events", payload.getSubscription());
    assertEquals("ce-time", payload.getTimestampAttribute());
    assertEquals("ce-id", payload.getIdAttribute(), "redeliveries dropped by CloudEvent id");
    assertTrue(payload.getWithAttributes(), "attributes kept: binary-mode CloudEvents");
    transform(transforms, "ReadEvents/StampEventTime");
    assertTrue(
        names(transforms, "beam:transform:pardo:v1").stream()
            .anyMatch(n -> n.startsWith("ReadEvents/StampEventTime/")),
        "event time from the CloudEvent, after the read");
    transform(transforms, "WindowedAggregate/ParseEvents/ParseAndValidate");
    transform(transforms, "WindowedAggregate/AdmitEvents/DivertLate");
    assertKafkaWrite(transforms, "WriteOutputs/WriteResults/Kafka");
    assertKafkaWrite(transforms, "WriteOutputs/WriteDeadLetters/Kafka");
    assertKafkaWrite(transforms, "WriteOutputs/WriteLate/Kafka");
  }

  private static WindowedAggregatePipeline.Options options(Path jobFile) {
    PipelineOptionsFactory.register(WindowedAggregatePipeline.Options.class);
    List<String> args = new ArrayList<>(offline(jobFile));
    args.addAll(
        List.of(
            "--inputTopic=events",
            "--outputTopic=results",
            "--deadLetterTopic=dead-letters",
            "--lateTopic=late-events"));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation()
        .as(WindowedAggregatePipeline.Options.class);
  }

  /** A streaming runner v2 job written to {@code jobFile} instead of calling the Dataflow API. */
  static List<String> offline(Path jobFile) {
    return List.of(
        "--runner=DataflowRunner",
        "--streaming=true",
        "--templateLocation=" + jobFile,
        "--project=sluice-offline",
        "--region=europe-west1",
        "--gcpTempLocation=gs://sluice-offline/tmp",
        // No GCS bucket checks and no Google credentials lookup.
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        // Without it DataflowRunner swaps KafkaIO's splittable read for the legacy
        // UnboundedSource and splits it at submit time, which asks the broker for the topic's
        // partitions ("Timeout expired while fetching topic metadata" after 60 s here).
        "--experiments=use_runner_v2",
        "--bootstrapServers=127.0.0.1:1"); // nothing listens there; nothing may connect
  }

  /** The job file: a runner v2 streaming job carrying the pipeline's own options and code. */
  private static void assertJob(JsonNode job) {
    assertEquals("JOB_TYPE_STREAMING", job.path("type").asText());
    JsonNode env = job.path("environment");
    assertEquals("FNAPI_STREAMING", env.at("/version/job_type").asText());
    List<String> experiments = texts(env.path("experiments"));
    assertTrue(experiments.contains("use_runner_v2"), "experiments: " + experiments);
    JsonNode options = env.at("/sdkPipelineOptions/options");
    assertEquals("127.0.0.1:1", options.path("bootstrapServers").asText());
    assertEquals("[\"events\"]", options.path("inputTopic").toString());
    assertEquals("results", options.path("outputTopic").asText());
    assertEquals("dead-letters", options.path("deadLetterTopic").asText());
    assertEquals("late-events", options.path("lateTopic").asText());
    assertEquals("10s", options.path("window").asText());
    List<String> packages = new ArrayList<>();
    env.at("/workerPools/0/packages").forEach(p -> packages.add(p.path("name").asText()));
    assertTrue(
        packages.stream().anyMatch(n -> n.startsWith("classes-")),
        "main classes staged: " + packages);
  }

  /** The graph: every stage of windowed-aggregate under the name the user gave it. */
  private static void assertGraph(JsonNode pipeline) {
    JsonNode components = pipeline.path("components");
    JsonNode transforms = components.path("transforms");

    // Read: KafkaIO's splittable read, which lists partitions on the workers, not at submit.
    transform(transforms, "ReadEvents/ReadKafka");
    assertTrue(
        names(transforms, "beam:transform:pardo:v1").stream()
            .anyMatch(n -> n.startsWith("ReadEvents/ReadKafka/KafkaIO.Read.ReadFromKafkaViaSDF/")),
        "splittable Kafka read");
    assertTrue(names(transforms, "beam:transform:read:v1").isEmpty(), "no legacy source read");
    transform(transforms, "ReadEvents/ToRawRecord");

    JsonNode parse = transform(transforms, "WindowedAggregate/ParseEvents/ParseAndValidate");
    assertEquals("beam:transform:pardo:v1", parse.at("/spec/urn").asText());
    assertEquals(2, parse.path("outputs").size(), "valid events and dead letters");

    // The stateful gate: diverts expired events to the late output, then drops repeats.
    JsonNode divert = transform(transforms, "WindowedAggregate/AdmitEvents/DivertLate");
    assertEquals("beam:transform:pardo:v1", divert.at("/spec/urn").asText());
    assertEquals(2, divert.path("outputs").size(), "admitted and late events");
    JsonNode dropRepeats =
        transform(transforms, "WindowedAggregate/AdmitEvents/DropRepeats/ParMultiDo(DropRepeats)");
    assertEquals("beam:transform:pardo:v1", dropRepeats.path("spec").path("urn").asText());

    // Window: fixed, accumulating, no empty on-time pane, at least the 30 s allowed lateness
    // (the aggregation may add a margin behind the late gate).
    JsonNode window =
        transform(transforms, "WindowedAggregate/AggregateWindows/FixedWindows/Window.Assign");
    assertEquals("beam:transform:window_into:v1", window.at("/spec/urn").asText());
    String windowed = window.path("outputs").elements().next().asText();
    // path(), not at(): these ids contain slashes.
    String strategyId =
        components.path("pcollections").path(windowed).path("windowingStrategyId").asText();
    JsonNode strategy = components.path("windowingStrategies").path(strategyId);
    assertEquals("beam:window_fn:fixed_windows:v1", strategy.at("/windowFn/urn").asText());
    assertEquals("ACCUMULATING", strategy.path("accumulationMode").asText());
    assertTrue(
        strategy.path("allowedLateness").asLong() >= 30_000, "allowed lateness: " + strategy);
    assertEquals("FIRE_IF_NONEMPTY", strategy.path("onTimeBehavior").asText());

    // Aggregation: a combine per key, which Dataflow can lift into a partial combine before the
    // shuffle.
    JsonNode summarize =
        transform(transforms, "WindowedAggregate/AggregateWindows/SummarizePerKey");
    assertEquals("beam:transform:combine_per_key:v1", summarize.at("/spec/urn").asText());
    transform(transforms, "WindowedAggregate/AggregateWindows/ToWindowResult");

    // Writes: results, dead letters and late events, each through Sluice's KafkaWriter.
    assertKafkaWrite(transforms, "WriteOutputs/WriteResults/Kafka");
    assertKafkaWrite(transforms, "WriteOutputs/WriteDeadLetters/Kafka");
    assertKafkaWrite(transforms, "WriteOutputs/WriteLate/Kafka");
  }

  static void assertKafkaWrite(JsonNode transforms, String name) {
    transform(transforms, name);
    assertTrue(
        names(transforms, "beam:transform:pardo:v1").stream()
            .anyMatch(n -> n.startsWith(name + "/") && n.contains("KafkaWriter")),
        "KafkaWriter under " + name);
  }

  static JsonNode transform(JsonNode transforms, String uniqueName) {
    for (JsonNode t : transforms) {
      if (uniqueName.equals(t.path("uniqueName").asText())) {
        return t;
      }
    }
    return fail("no transform " + uniqueName + " among " + names(transforms, null));
  }

  /** Unique names of the transforms with this URN (any when null). */
  static List<String> names(JsonNode transforms, String urn) {
    List<String> names = new ArrayList<>();
    for (JsonNode t : transforms) {
      if (urn == null || urn.equals(t.at("/spec/urn").asText())) {
        names.add(t.path("uniqueName").asText());
      }
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
