package dev.sluice.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Looks up a topic's partitions and their current [beginning, end) offsets. */
public final class PartitionOffsets {

  private PartitionOffsets() {}

  /**
   * A byte-array consumer that belongs to no group and commits nothing: reads that choose their own
   * offsets. {@code overrides} are applied last.
   */
  static KafkaConsumer<byte[], byte[]> withoutGroup(
      String bootstrapServers,
      Map<String, Object> consumerProperties,
      Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>(consumerProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putAll(overrides);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Partition -> {beginning offset, end offset}, in partition order. */
  public static Map<TopicPartition, long[]> fetch(
      String bootstrapServers, Map<String, Object> consumerProperties, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        withoutGroup(bootstrapServers, consumerProperties, Map.of())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, java.time.Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "topic '" + topic + "' does not exist on " + bootstrapServers);
      }
      List<TopicPartition> partitions =
          infos.stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .collect(Collectors.toList());
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
      for (TopicPartition tp : partitions) {
        ranges.put(tp, new long[] {begin.get(tp), end.get(tp)});
      }
      return ranges;
    }
  }
}
