package dev.sluice.kafka;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how a pipeline reads: the cluster, the topics, extra consumer settings (security,
 * {@code group.id}: the streaming read commits its offsets there) and whether it replays what is
 * there now and ends ({@code bounded}) or streams until stopped.
 */
public record KafkaSource(
    String bootstrapServers,
    List<String> topics,
    Map<String, Object> consumerProperties,
    boolean bounded)
    implements Serializable {

  public KafkaSource {
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("at least one input topic is needed");
    }
    topics = List.copyOf(topics);
    consumerProperties = new HashMap<>(consumerProperties);
  }
}
