package dev.sluice.kafka;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how a pipeline reads: the cluster, the topics, extra consumer settings (security,
 * {@code group.id}: the streaming read commits its offsets there) and whether it replays what is
 * there now and ends ({@code bounded}) or streams until stopped. Control topics (a router's rules)
 * are read in the same read, stamped with their Kafka timestamps ({@link ControlTopicPolicy}). A
 * bounded read may belong to a named {@link ReplayRun} (null: none), whose ranges are kept in
 * Kafka.
 */
public record KafkaSource(
    String bootstrapServers,
    List<String> topics,
    Map<String, Object> consumerProperties,
    boolean bounded,
    List<String> controlTopics,
    ReplayRun replay)
    implements Serializable {

  public KafkaSource(
      String bootstrapServers,
      List<String> topics,
      Map<String, Object> consumerProperties,
      boolean bounded) {
    this(bootstrapServers, topics, consumerProperties, bounded, List.of(), null);
  }

  /** The same read plus control topics. */
  public KafkaSource withControlTopics(List<String> control) {
    return new KafkaSource(bootstrapServers, topics, consumerProperties, bounded, control, replay);
  }

  /** The same read as one named run (bounded reads only). */
  public KafkaSource forRun(ReplayRun run) {
    return new KafkaSource(
        bootstrapServers, topics, consumerProperties, bounded, controlTopics, run);
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
