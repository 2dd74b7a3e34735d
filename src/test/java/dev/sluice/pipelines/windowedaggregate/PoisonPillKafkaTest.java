package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A poison pill on a real broker: a ~900 KB record of random bytes among normal events. Its dead
 * letter once was a 1.2 MB base64 JSON envelope that Kafka refused, failing the job (and, in
 * streaming, every restart on the same record).
 */
class PoisonPillKafkaTest {

  private static final byte[] KEY = "pill-key".getBytes(StandardCharsets.UTF_8);

  private static byte[] pill() {
    byte[] bytes = new byte[900 * 1024];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aLargeRandomRecordIsDeadLetteredByteForByteAndTheRunEndsDone() {
    largeRandomRecord("poison-pill", WindowedAggregateKafkaTest.DIRECT);
  }

  /** The same on embedded Flink (streaming, KafkaIO's read, Sluice's writer). */
  @Test
  void aLargeRandomRecordIsDeadLetteredByteForByteOnFlink() {
    largeRandomRecord("poison-pill-flink", WindowedAggregateKafkaTest.FLINK);
  }

  private void largeRandomRecord(String name, String[] runner) {
    KafkaScenario s =
        new KafkaScenario(name, 2, WindowedAggregateKafkaTest.events().count(600).build());
    byte[] pill = pill();
    s.produceRoundRobin(2, 300, KEY, pill);
    RunSummary summary = s.runBounded(runner);
    assertEquals(PipelineResult.State.DONE, summary.state());
    s.verify(summary);
    List<ConsumerRecord<byte[], byte[]>> pills =
        s.deadLetters().stream().filter(d -> d.value().length == pill.length).toList();
    assertEquals(1, pills.size());
    ConsumerRecord<byte[], byte[]> dead = pills.get(0);
    assertArrayEquals(pill, dead.value());
    assertArrayEquals(KEY, dead.key());
    assertTrue(!KafkaScenario.reason(dead).isBlank());
    assertEquals("0", header(dead, DeadLetterFormat.PARTITION));
    assertEquals("parse", header(dead, DeadLetterFormat.STAGE));
    assertEquals(0, summary.counter(SluiceMetrics.WRITES_FAILED), summary.format());
  }

  /** 900 KB of '"' once became 1.8 MB of escaped JSON. */
  @Test
  void aLargeRecordOfQuotesIsDeadLetteredUnchanged() {
    KafkaScenario s =
        new KafkaScenario("pill-quotes", 2, WindowedAggregateKafkaTest.events().count(300).build());
    String quotes = "\"".repeat(900 * 1024);
    s.produceRoundRobin(2, 100, quotes);
    RunSummary summary = s.runBounded(WindowedAggregateKafkaTest.DIRECT);
    assertEquals(PipelineResult.State.DONE, summary.state());
    assertEquals(
        1,
        s.deadLetters().stream()
            .filter(d -> new String(d.value(), StandardCharsets.UTF_8).equals(quotes))
            .count());
  }

  /** A dead-letter topic that refuses what the input took: counted, and the job still ends DONE. */
  @Test
  void aDeadLetterTheTopicRefusesIsCountedAndTheRunEndsDone() throws Exception {
    refusedByTheTopic("pill-refused", WindowedAggregateKafkaTest.DIRECT);
  }

  @Test
  void aDeadLetterTheTopicRefusesIsCountedOnFlink() throws Exception {
    refusedByTheTopic("pill-refused-flink", WindowedAggregateKafkaTest.FLINK);
  }

  private void refusedByTheTopic(String name, String[] runner) throws Exception {
    KafkaScenario s =
        new KafkaScenario(name, 2, WindowedAggregateKafkaTest.events().count(600).build());
    s.limitDeadLetterTopic(100_000);
    s.produceRoundRobin(2, 300, KEY, pill());
    RunSummary summary = s.runBounded(runner);
    assertEquals(PipelineResult.State.DONE, summary.state());
    assertEquals(1, summary.counter(SluiceMetrics.WRITES_FAILED), summary.format());
    assertTrue(summary.format().contains("writes_failed=1"), summary.format());
    // The other dead letters and every result were written.
    assertEquals(
        summary.counter(SluiceMetrics.INVALID) - 1, s.deadLetters().size(), summary.format());
    assertTrue(!s.resultsByWindow().isEmpty());
  }

  /**
   * Exactly once: a record the transactional producer would refuse (here max.request.size below the
   * pill) is counted, not sent; otherwise every retry of its transaction would abort.
   */
  @Test
  void exactlyOnceCountsARecordTooLargeToSendAndTheRunEndsDone() {
    KafkaScenario s =
        new KafkaScenario("pill-eos", 2, WindowedAggregateKafkaTest.events().count(300).build());
    s.produceRoundRobin(2, 100, KEY, pill());
    RunSummary summary =
        s.runBounded(
            "--runner=DirectRunner",
            "--exactlyOnce=true",
            "--sinkGroupId=pill-eos-" + System.nanoTime(),
            "--kafkaProperty=max.request.size=500000");
    assertEquals(PipelineResult.State.DONE, summary.state());
    assertEquals(1, summary.counter(SluiceMetrics.WRITES_FAILED), summary.format());
    assertEquals(
        summary.counter(SluiceMetrics.INVALID) - 1, s.deadLetters().size(), summary.format());
  }

  /** The same when the topic's max.message.bytes, not the producer, is the smaller limit. */
  @Test
  void exactlyOnceCountsARecordTheTopicWouldRefuse() throws Exception {
    KafkaScenario s =
        new KafkaScenario(
            "pill-eos-topic", 2, WindowedAggregateKafkaTest.events().count(300).build());
    s.limitDeadLetterTopic(100_000);
    s.produceRoundRobin(2, 100, KEY, pill());
    RunSummary summary =
        s.runBounded(
            "--runner=DirectRunner",
            "--exactlyOnce=true",
            "--sinkGroupId=pill-eos-topic-" + System.nanoTime());
    assertEquals(PipelineResult.State.DONE, summary.state());
    assertEquals(1, summary.counter(SluiceMetrics.WRITES_FAILED), summary.format());
    assertEquals(
        summary.counter(SluiceMetrics.INVALID) - 1, s.deadLetters().size(), summary.format());
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
