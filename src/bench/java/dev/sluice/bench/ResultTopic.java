package dev.sluice.bench;

import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one contender's output topic while it runs. Keeps per (key, window) the final value (the
 * result with the highest count: panes accumulate, so the last firing has the most events, whatever
 * order parallel writers appended in), the first append time (latency of the first result), and the
 * newest append time overall (end of the throughput interval). Marker keys (sentinel, warm-up) are
 * left out.
 *
 * <p>Against a reference it also counts, as results arrive, how many windows already equal it, so
 * the harness can tell when a contender that never stops by itself (Kafka Streams) is done.
 */
public final class ResultTopic implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final List<TopicPartition> partitions;
  private final Map<String, WindowResult> reference;
  private final Map<String, WindowResult> finals = new HashMap<>();
  private final Map<String, Long> firstAppend = new HashMap<>();
  private long records;
  private long lastAppendMillis = Long.MIN_VALUE;
  private long lastArrivalNanos = System.nanoTime();
  private int matching;

  /**
   * @param reference final values to count matches against; null for none
   */
  public ResultTopic(String bootstrap, String topic, Map<String, WindowResult> reference) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    p.put("max.poll.records", "5000");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    this.partitions =
        consumer.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.reference = reference;
  }

  /** Reads what is there now (one poll). */
  public void poll() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
      accept(r);
    }
  }

  /** Reads up to the current end offsets. */
  public void drain() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      poll();
    }
  }

  private void accept(ConsumerRecord<String, String> r) {
    records++;
    lastArrivalNanos = System.nanoTime();
    lastAppendMillis = Math.max(lastAppendMillis, r.timestamp());
    WindowResult result = WindowResult.fromJson(r.value());
    if (Semantics.isMarker(result.key())) {
      return;
    }
    String id = id(result);
    firstAppend.merge(id, r.timestamp(), Math::min);
    WindowResult before = finals.get(id);
    if (before != null && before.count() >= result.count()) {
      return;
    }
    finals.put(id, result);
    if (reference != null) {
      WindowResult want = reference.get(id);
      boolean wasEqual = before != null && want != null && Verdict.same(want, before);
      boolean isEqual = want != null && Verdict.same(want, result);
      matching += (isEqual ? 1 : 0) - (wasEqual ? 1 : 0);
    }
  }

  static String id(WindowResult r) {
    return r.key() + "|" + r.windowStart();
  }

  /** Every reference window has arrived with its reference value. */
  public boolean matchesReference() {
    return reference != null && matching == reference.size();
  }

  public Map<String, WindowResult> finals() {
    return finals;
  }

  public Map<String, Long> firstAppendMillis() {
    return firstAppend;
  }

  public long records() {
    return records;
  }

  public long lastAppendMillis() {
    return lastAppendMillis;
  }

  public Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastArrivalNanos);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
