package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.Rfc3339;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.testing.Kinesalite;
import dev.sluice.testing.PipelineScenario;
import dev.sluice.testing.PubsubEmulator;
import dev.sluice.testing.SharedKafka;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogued pipeline end to end from Kinesis and from Pub/Sub on the Direct runner, with its
 * Kafka run as the reference: the generated input of its Kafka test (late, repeated, malformed
 * events), copied record for record from the input topic into a two-shard stream (partition p to
 * shard p, in offset order) and into a subscription.
 *
 * <p>Kinesis keeps per-shard order and the source keeps per-shard watermarks, so the run must count
 * exactly what the Kafka run counted (read, invalid, repeats, late, admitted) and divert the same
 * bytes to its dead-letter and late topics. Pub/Sub has no order and its watermark is PubsubIO's,
 * so which events come late may differ: every record must still be read once and accounted for, and
 * the invalid ones dead-lettered byte for byte as from Kafka.
 *
 * <p>windowed-aggregate has its own tests of both sources ({@code KinesisSourceTest}, {@code
 * PubsubEmulatorTest}), one lateness class at a time.
 */
class CatalogueSourcesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PROJECT = "sluice-test";

  private static final String[] ADMISSION = {
    SluiceMetrics.READ,
    SluiceMetrics.VALID,
    SluiceMetrics.INVALID,
    SluiceMetrics.DUPLICATES,
    SluiceMetrics.LATE,
    SluiceMetrics.AGGREGATED
  };

  private static PubsubEmulator pubsub;

  @TempDir Path dir;

  @BeforeAll
  static void startPubsub(@TempDir Path logs) throws Exception {
    pubsub = PubsubEmulator.start(logs.resolve("pubsub-emulator.log"));
  }

  @AfterAll
  static void stopPubsub() {
    pubsub.close();
  }

  static Stream<String> pipelines() {
    return Pipelines.all().keySet().stream().filter(n -> !n.equals("windowed-aggregate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void fromKinesisAndPubsubAsFromKafka(String name) throws Exception {
    check(Pipelines.get(name));
  }

  private <O extends SluiceOptions> void check(PipelineSpec<O> spec) throws Exception {
    // The reference: the input in Kafka, read by a bounded run.
    PipelineScenario<O> kafka = new PipelineScenario<>(spec, dir);
    // A quarter of the Kafka test's input (the Direct runner reads a stream ten records a bundle),
    // in structured mode (a Kinesis record has no headers), plus one record per partition that is
    // no CloudEvent, so there are dead letters to compare.
    kafka.produceWorkload(7, 0, 0.25);
    SharedKafka.produceToEveryPartition(kafka.options().getInputTopic().get(0), "not a CloudEvent");
    List<List<byte[]>> partitions = partitions(kafka);
    long records = partitions.stream().mapToLong(List::size).sum();
    RunSummary reference = kafka.runBounded("--runner=DirectRunner");
    assertTrue(reference.succeeded(), reference.format());
    assertEquals(records, reference.counter(SluiceMetrics.READ), reference.format());

    PipelineScenario<O> kinesis = new PipelineScenario<>(spec, dir);
    Kinesalite emulator = Kinesalite.shared();
    String stream = kinesis.options().getGroupId();
    emulator.createStream(stream, partitions.size());
    List<String> shards = emulator.shards(stream);
    for (int p = 0; p < partitions.size(); p++) {
      emulator.putAll(stream, shards.get(p), partitions.get(p));
    }
    PipelineResult fromKinesis =
        kinesis.start(
            "--source=kinesis",
            "--inputStream=" + stream,
            "--kinesisEndpoint=" + emulator.endpoint(),
            "--idleTimeout=2s");
    RunSummary viaKinesis = kinesis.stopWhenSettled(fromKinesis, records, Duration.ofSeconds(150));
    for (String counter : ADMISSION) {
      assertEquals(
          reference.counter(counter),
          viaKinesis.counter(counter),
          counter + "\nKafka:   " + reference.counters() + "\nKinesis: " + viaKinesis.counters());
    }
    assertAdmissionAddsUp(reference, viaKinesis);
    assertTrue(!values(kafka.bootstrap(), kafka.options().getDeadLetterTopic()).isEmpty());
    assertSameBytes(kafka, kinesis, SluiceOptions::getDeadLetterTopic);
    assertSameBytes(kafka, kinesis, CatalogueSourcesTest::lateTopic);
    assertTrue(written(kinesis) > 0, spec.name() + " wrote no result from Kinesis");

    PipelineScenario<O> fromPubsub = new PipelineScenario<>(spec, dir);
    String topic = "projects/" + PROJECT + "/topics/" + fromPubsub.options().getGroupId();
    String subscription =
        "projects/" + PROJECT + "/subscriptions/" + fromPubsub.options().getGroupId();
    pubsub.createTopic(topic);
    pubsub.createSubscription(subscription, topic);
    pubsub.publishAll(topic, messages(partitions));
    PipelineResult run =
        fromPubsub.start(
            "--source=pubsub",
            "--inputSubscription=" + subscription,
            "--pubsubRootUrl=" + pubsub.rootUrl(),
            "--project=" + PROJECT,
            "--credentialFactoryClass="
                + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
            "--pubsubTimestampAttribute=ce-time",
            // Every message once as published: repeats are the pipeline's to find, by CloudEvent
            // id.
            "--pubsubIdAttribute=");
    RunSummary viaPubsub = fromPubsub.stopWhenSettled(run, records, Duration.ofSeconds(150));
    for (String counter : List.of(SluiceMetrics.READ, SluiceMetrics.VALID, SluiceMetrics.INVALID)) {
      assertEquals(
          reference.counter(counter),
          viaPubsub.counter(counter),
          counter + "\nKafka:   " + reference.counters() + "\nPub/Sub: " + viaPubsub.counters());
    }
    assertAdmissionAddsUp(reference, viaPubsub);
    assertSameBytes(kafka, fromPubsub, SluiceOptions::getDeadLetterTopic);
  }

  /**
   * Every record read is valid or invalid; in a pipeline with the kit's gate, every valid event is
   * a repeat, admitted or late. (The rest of a pipeline's accounting waits for the watermark to
   * pass the last events, which a stream's does not.)
   */
  private static void assertAdmissionAddsUp(RunSummary reference, RunSummary run) {
    Accounting admission =
        reference.counters().containsKey(SluiceMetrics.AGGREGATED)
            ? Accounting.ofAdmission()
            : Accounting.of()
                .identity(SluiceMetrics.READ, SluiceMetrics.VALID, SluiceMetrics.INVALID);
    assertTrue(admission.balanced(run), admission.line(run));
  }

  /** The input topic's values, per partition in offset order. */
  private static List<List<byte[]>> partitions(PipelineScenario<?> kafka) {
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicSnapshot.readAllBytes(kafka.bootstrap(), kafka.options().getInputTopic().get(0))) {
      byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
    }
    List<List<byte[]>> values = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> records : byPartition.values()) {
      records.sort(Comparator.comparingLong(ConsumerRecord::offset));
      values.add(records.stream().map(ConsumerRecord::value).toList());
    }
    return values;
  }

  /**
   * Each record as a message whose {@code ce-time} attribute is its CloudEvent time; a record
   * without a readable one (malformed) carries the last time of its partition, as its producer's
   * clock would have said.
   */
  private static List<PubsubEmulator.Message> messages(List<List<byte[]>> partitions) {
    List<PubsubEmulator.Message> messages = new ArrayList<>();
    for (List<byte[]> partition : partitions) {
      long last = 0;
      for (byte[] value : partition) {
        last = eventTime(value, last);
        messages.add(new PubsubEmulator.Message(value, Map.of("ce-time", Long.toString(last))));
      }
    }
    return messages;
  }

  private static long eventTime(byte[] value, long otherwise) {
    try {
      JsonNode time = JSON.readTree(value).path("time");
      return time.isTextual() ? Rfc3339.parseMillis(time.asText()) : otherwise;
    } catch (Exception notACloudEvent) {
      return otherwise;
    }
  }

  private static String lateTopic(SluiceOptions o) {
    return o instanceof LateDataOptions l && l.getCaptureLate() ? l.getLateTopic() : "";
  }

  /** The two runs wrote the same values to this topic, as multisets. */
  private static void assertSameBytes(
      PipelineScenario<?> expected,
      PipelineScenario<?> actual,
      Function<SluiceOptions, String> which) {
    String topic = which.apply(expected.options());
    if (topic.isBlank()) {
      return;
    }
    Map<ByteBuffer, Integer> want = values(expected.bootstrap(), topic);
    Map<ByteBuffer, Integer> got = values(actual.bootstrap(), which.apply(actual.options()));
    assertEquals(want, got, topic + ": the same records as from Kafka");
  }

  private static Map<ByteBuffer, Integer> values(String bootstrap, String topic) {
    Map<ByteBuffer, Integer> values = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(bootstrap, topic)) {
      values.merge(ByteBuffer.wrap(r.value()), 1, Integer::sum);
    }
    return values;
  }

  private static <O extends SluiceOptions> long written(PipelineScenario<O> run) {
    return run.spec().outputTopics(run.options()).stream()
        .mapToLong(t -> TopicSnapshot.readAllBytes(run.bootstrap(), t).size())
        .sum();
  }
}
