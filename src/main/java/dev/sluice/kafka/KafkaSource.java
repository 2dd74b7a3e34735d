package dev.sluice.kafka;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how a pipeline reads: the cluster, the topics, extra consumer settings (security,
 * {@code group.id}: the streaming read commits its offsets there) and whether it replays what is
 * there now and ends ({@code bounded}) or streams until stopped. Control topics (a router's rules)
 * are read in the same read, stamped with their Kafka timestamps ({@link ControlTopicPolicy}).
 */
public record KafkaSource(
    String bootstrapServers,
    List<String> topics,
    Map<String, Object> consumerProperties,
    boolean bounded,
    List<String> controlTopics)
    implements Serializable {

  public KafkaSource(
      String bootstrapServers,
      List<String> topics,
      Map<String, Object> consumerProperties,
      boolean bounded) {
    this(bootstrapServers, topics, consumerProperties, bounded, List.of());
  }

  /** The same read plus control topics. */
  public KafkaSource withControlTopics(List<String> control) {
    return new KafkaSource(bootstrapServers, topics, consumerProperties, bounded, control);
  }

  /** Event topics, then control topics. */
  public List<String> allTopics() {
    List<String> all = new java.util.ArrayList<>(topics);
    all.addAll(controlTopics);
    return all;
  }

  public KafkaSource {
    if (topics.isEmpty() && controlTopics.isEmpty()) {
      throw new IllegalArgumentException("at least one topic is needed");
    }
    topics = List.copyOf(topics);
    controlTopics = List.copyOf(controlTopics);
    consumerProperties = new HashMap<>(consumerProperties);
  }
}
