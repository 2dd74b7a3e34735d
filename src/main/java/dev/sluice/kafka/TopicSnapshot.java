package dev.sluice.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as it stands now: committed records up to the end offsets found at the start.
 */
public final class TopicSnapshot {

  private TopicSnapshot() {}

  public static List<ConsumerRecord<String, String>> readAll(
      String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, new StringDeserializer());
  }

  public static List<ConsumerRecord<byte[], byte[]>> readAllBytes(
      String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, new ByteArrayDeserializer());
  }

  private static <T> List<ConsumerRecord<T, T>> read(
      String bootstrapServers, String topic, Deserializer<T> deserializer) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<T, T> consumer = new KafkaConsumer<>(props, deserializer, deserializer)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = settledEnds(consumer, props, partitions);
      List<ConsumerRecord<T, T>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timed out reading " + topic + " to its end offsets " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /**
   * The read_committed end offsets once the transactions the log already holds have settled (at
   * most 10 s): a producer's commit returns before the broker has written its commit markers, so
   * right after an exactly-once job ends, its last records can be invisible for a moment, and a
   * snapshot taken then would miss them.
   */
  private static Map<TopicPartition, Long> settledEnds(
      KafkaConsumer<?, ?> committed, Properties props, List<TopicPartition> partitions) {
    Properties uncommitted = new Properties();
    uncommitted.putAll(props);
    uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    Map<TopicPartition, Long> logEnd;
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            uncommitted, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      logEnd = c.endOffsets(partitions);
    }
    Map<TopicPartition, Long> end = committed.endOffsets(partitions);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!covers(end, logEnd) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      end = committed.endOffsets(partitions);
    }
    return end;
  }

  private static boolean covers(Map<TopicPartition, Long> end, Map<TopicPartition, Long> logEnd) {
    return logEnd.entrySet().stream().allMatch(e -> end.get(e.getKey()) >= e.getValue());
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  public static List<String> values(String bootstrapServers, String topic) {
    return readAll(bootstrapServers, topic).stream()
        .map(ConsumerRecord::value)
        .collect(Collectors.toList());
  }
}
