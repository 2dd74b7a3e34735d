package dev.sluice.pipelines.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.LateEvent;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.PipelineRun;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A streaming merge on a real broker of three inputs with different partition counts: input a
 * (three partitions) races ahead to a minute of event time, input b (one partition) lags behind it
 * and then catches up, input c (two partitions) never receives anything. While b lags, nothing
 * later than b has got leaves; c, idle, holds nothing back; in the end every event is on the output
 * once, each key's events in event-time order, and one that came too late is on the late topic.
 */
class MergeKafkaTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {
    "--runner=FlinkRunner", "--streaming=true", "--parallelism=2", "--attachedMode=false"
  };

  @Test
  void laggingInputHoldsTheMergeBackAndAnIdleOneDoesNotOnDirect() throws Exception {
    laggingAndIdle("merge-direct", DIRECT);
  }

  @Test
  void laggingInputHoldsTheMergeBackAndAnIdleOneDoesNotOnFlink() throws Exception {
    laggingAndIdle("merge-flink", FLINK);
  }

  private void laggingAndIdle(String name, String[] runner) throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String a = SharedKafka.newTopic(name + "-a", 3);
    String b = SharedKafka.newTopic(name + "-b", 1);
    String c = SharedKafka.newTopic(name + "-c", 2);
    String out = SharedKafka.newTopic(name + "-out", 2);
    String dead = SharedKafka.newTopic(name + "-dead", 1);
    String late = SharedKafka.newTopic(name + "-late", 1);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrapServers=" + servers,
                "--inputTopic=" + a + "," + b + "," + c,
                "--outputTopic=" + out,
                "--deadLetterTopic=" + dead,
                "--lateTopic=" + late,
                "--groupId=" + out,
                "--maxOutOfOrderness=2s",
                "--idleTimeout=2s",
                "--blockOnRun=false"));
    args.addAll(List.of(runner));
    MergePipeline.Options options =
        MergePipeline.SPEC.parse(PipelineRun.withDefaults(args.toArray(new String[0])));
    PipelineResult job = MergePipeline.build(options).run();
    try (KafkaProducer<String, String> producer = producer(servers)) {
      // a: a minute of event time over eight keys, shuffled by up to a second; one repeat.
      List<ProducerRecord<String, String>> first = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        first.add(reading(a, "/a", "a" + i, "k" + (i % 8), i * 250L));
      }
      shuffleInBlocks(first, 4, new Random(7));
      // A repeat of a5 right behind it: dropped, not late.
      first.add(12, reading(a, "/a", "a5", "k5", 5 * 250L));
      first.add(new ProducerRecord<>(a, "k1", "{not a cloud event"));
      // b: its first ten seconds.
      for (int j = 0; j <= 20; j++) {
        first.add(reading(b, "/b", "b" + j, "k" + (j % 8), j * 500L));
      }
      send(producer, first);
      // b lags: half a second of event time every 400 ms, up to 20 s.
      long bLatest = 10_000;
      for (int j = 21; j <= 40; j++) {
        Thread.sleep(400);
        bLatest = j * 500L;
        send(producer, List.of(reading(b, "/b", "b" + j, "k" + (j % 8), bLatest)));
      }
      List<Long> sofar = times(TopicSnapshot.readAllBytes(servers, out));
      long held = bLatest;
      assertTrue(
          sofar.stream().allMatch(t -> t < held),
          "an event later than lagging b's newest (" + held + " ms) left: " + sofar);
      // b catches up to 70 s; an event of 1 s comes after event time passed it.
      List<ProducerRecord<String, String>> rest = new ArrayList<>();
      for (int j = 41; j <= 140; j++) {
        rest.add(reading(b, "/b", "b" + j, "k" + (j % 8), j * 500L));
      }
      rest.add(reading(a, "/a", "too-late", "k3", 1_000L));
      send(producer, rest);
      // All partitions go idle at 68 s of watermark; events leave a few seconds behind it (the
      // gate's clock and the release wait for each second to settle). The audit judges what the
      // inputs' own watermark has settled.
      awaitSettled(servers, out, 300, Duration.ofSeconds(120));
    } finally {
      job.cancel();
    }
    MergeReport report =
        new MergeAudit(
                dev.sluice.kit.Ingest.parser(options), MergePipeline.settings(options).clock())
            .run(options);
    System.err.println(report.format());
    assertTrue(report.clean(), report.format());
    assertEquals(0, report.outOfOrder(), report.format());
    assertTrue(report.checked() >= 300, report.format());
    assertEquals(8, report.keys(), report.format());
    List<String> lateIds = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(servers, late)) {
      assertTrue(r.headers().lastHeader(LateEvent.ORIGIN_HEADER) != null);
      lateIds.add(
          new String(r.value(), StandardCharsets.UTF_8)
              .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    }
    assertEquals(List.of("too-late"), lateIds);
    assertEquals(1, TopicSnapshot.readAllBytes(servers, dead).size());
    assertEquals(
        report.inputRecords() - 3,
        report.admitted(),
        "malformed, repeat, late: " + report.format());
  }

  static ProducerRecord<String, String> reading(
      String topic, String source, String id, String key, long millis) {
    return new ProducerRecord<>(
        topic, key, CloudEvents.json(source, id, key, T0.plusMillis(millis), millis));
  }

  /** Shuffles each run of {@code block} records: none moves by {@code block} places or more. */
  static <T> void shuffleInBlocks(List<T> list, int block, Random random) {
    for (int i = 0; i < list.size(); i += block) {
      Collections.shuffle(list.subList(i, Math.min(list.size(), i + block)), random);
    }
  }

  static List<Long> times(List<ConsumerRecord<byte[], byte[]>> records) {
    List<Long> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String json = new String(r.value(), StandardCharsets.UTF_8);
      String time = json.replaceAll(".*\"time\":\"([^\"]+)\".*", "$1");
      out.add(Instant.parse(time).toEpochMilli() - T0.toEpochMilli());
    }
    return out;
  }

  /** Waits until the topic has at least {@code atLeast} records and no more for 6 s. */
  private static void awaitSettled(String servers, String topic, int atLeast, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int n = 0, stableFor = 0;
    while (System.nanoTime() < deadline) {
      int now = TopicSnapshot.readAllBytes(servers, topic).size();
      stableFor = now == n ? stableFor + 1 : 0;
      n = now;
      if (n >= atLeast && stableFor >= 6) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(topic + " has " + n + " records, expected at least " + atLeast);
  }

  private static void send(
      KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records)
      throws Exception {
    for (ProducerRecord<String, String> r : records) {
      producer.send(r);
    }
    producer.flush();
  }

  private static KafkaProducer<String, String> producer(String servers) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", servers, "linger.ms", 5),
        new StringSerializer(),
        new StringSerializer());
  }
}
