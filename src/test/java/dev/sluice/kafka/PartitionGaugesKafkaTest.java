package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.Runners;
import dev.sluice.testing.SharedKafka;
import dev.sluice.time.PartitionProgress;
import dev.sluice.time.WatermarkRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The per-partition watermark and lag gauges, read back from a real run's metrics on a real broker:
 * partition 0 holds events up to T0 + 59 s, partition 1 up to T0 + 19 s (the lagging one), with the
 * out-of-orderness bound 10 s. Each path that stamps event time is covered: the Direct runner's
 * bounded replay ({@link KafkaReplaySource}), its streaming KafkaIO read (also with idleness, which
 * the gauge must show), and Flink's KafkaIO read of a bounded replay, whose results get the gauges
 * from the step after the read ({@link PublishPartitionProgressFn}).
 */
public class PartitionGaugesKafkaTest {

  static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
  static final Duration BOUND = Duration.standardSeconds(10);

  /** A topic whose partition 0 reaches T0 + 59 s and partition 1 T0 + 19 s, 60 + 20 events. */
  public static String produce(String name) {
    String topic = SharedKafka.newTopic(name, 2);
    Properties props = new Properties();
    props.put("bootstrap.servers", SharedKafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int partition = 0; partition < 2; partition++) {
        int seconds = partition == 0 ? 60 : 20;
        for (int s = 0; s < seconds; s++) {
          // Slightly out of order: every pair swapped, still within the bound.
          Instant time = T0.plusSeconds(s % 2 == 0 ? s + 1 : s - 1);
          String json = CloudEvents.json("/sensors/gw-1", "e-" + partition + "-" + s, "d", time, s);
          producer.send(
              new ProducerRecord<>(topic, partition, null, json.getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
    return topic;
  }

  public static Pipeline pipeline(String topic, boolean bounded, PipelineOptions options) {
    // Idleness far away: the lagging partition must keep its own watermark.
    return pipeline(topic, bounded, options, Duration.standardMinutes(10));
  }

  static Pipeline pipeline(
      String topic, boolean bounded, PipelineOptions options, Duration idleTimeout) {
    Pipeline p = Pipeline.create(options);
    p.apply(
            new ReadKafkaRecords(
                new KafkaSource(
                    SharedKafka.bootstrapServers(),
                    List.of(topic),
                    Map.of("group.id", topic),
                    bounded),
                new WatermarkRules(BOUND, idleTimeout, null, false),
                new EventParser(java.time.Duration.ofHours(1)),
                RunnerTraits.of(options)))
        .apply(Filter.by((RawRecord r) -> r.offset() < 0));
    return p;
  }

  /**
   * Partition 0 leads with watermark T0 + 49 s, partition 1 trails it by 40 s; both read to the
   * end.
   */
  public static void assertPlausible(String topic, List<PartitionProgress> partitions) {
    assertEquals(2, partitions.size(), partitions.toString());
    PartitionProgress leader = partitions.get(0);
    PartitionProgress lagging = partitions.get(1);
    assertEquals(topic + "-0", leader.partition());
    assertEquals(T0.plusSeconds(59 - 10).toEpochMilli(), leader.watermarkMillis(), "" + leader);
    assertEquals(T0.plusSeconds(19 - 10).toEpochMilli(), lagging.watermarkMillis(), "" + lagging);
    assertEquals(0L, leader.skewMillis());
    assertEquals(40_000L, lagging.skewMillis());
    assertEquals(0L, leader.lagRecords());
    assertEquals(0L, lagging.lagRecords());
  }

  @Test
  void directBoundedReplay() {
    String topic = produce("gauges-direct-bounded");
    PipelineResult result =
        pipeline(topic, true, Runners.direct("--streaming=false", "--blockOnRun=true")).run();
    result.waitUntilFinish();
    List<PartitionProgress> partitions = RunSummary.partitions(result);
    System.err.println(partitions);
    assertPlausible(topic, partitions);
  }

  @Test
  void directStreamingUntilCaughtUp() throws Exception {
    String topic = produce("gauges-direct-streaming");
    PipelineResult result = pipeline(topic, false, Runners.direct("--blockOnRun=false")).run();
    List<PartitionProgress> partitions = List.of();
    try {
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (System.nanoTime() < deadline) {
        Thread.sleep(1000);
        partitions = RunSummary.partitions(result);
        if (partitions.size() == 2
            && partitions.stream().allMatch(p -> Long.valueOf(0).equals(p.lagRecords()))
            && partitions.stream().allMatch(p -> p.watermarkMillis() != null)) {
          break;
        }
      }
    } finally {
      result.cancel();
    }
    System.err.println(partitions);
    assertPlausible(topic, partitions);
  }

  /** Caught up and silent for the idle timeout, the lagging partition adopts the frontier. */
  @Test
  void directStreamingIdlePartitionShowsNoSkew() throws Exception {
    String topic = produce("gauges-direct-idle");
    PipelineResult result =
        pipeline(topic, false, Runners.direct("--blockOnRun=false"), Duration.standardSeconds(2))
            .run();
    List<PartitionProgress> partitions = List.of();
    try {
      long deadline = System.nanoTime() + 90_000_000_000L;
      // Wait for the idle partition to reach the busy one's final watermark: a skew of 0 alone is
      // also seen early, while both partitions still stand at the first records' watermark.
      long settled = T0.plusSeconds(59 - 10).toEpochMilli();
      while (System.nanoTime() < deadline
          && !(partitions.size() == 2
              && Long.valueOf(0).equals(partitions.get(1).skewMillis())
              && Long.valueOf(settled).equals(partitions.get(1).watermarkMillis()))) {
        Thread.sleep(1000);
        partitions = RunSummary.partitions(result);
      }
    } finally {
      result.cancel();
    }
    assertEquals(2, partitions.size(), partitions.toString());
    assertEquals(T0.plusSeconds(59 - 10).toEpochMilli(), partitions.get(1).watermarkMillis());
    assertEquals(0L, partitions.get(1).skewMillis());
    assertEquals(0L, partitions.get(1).lagRecords());
  }

  @Test
  void flinkBoundedReplay() {
    String topic = produce("gauges-flink-bounded");
    PipelineResult result = pipeline(topic, true, Runners.flink()).run();
    result.waitUntilFinish();
    List<PartitionProgress> partitions = RunSummary.partitions(result);
    System.err.println(partitions);
    assertPlausible(topic, partitions);
    assertTrue(partitions.stream().allMatch(p -> p.watermarkMillis() != null));
  }
}
