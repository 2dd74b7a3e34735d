package dev.sluice.io;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes string key/value pairs to one topic, at least once or exactly once ({@link
 * KafkaDelivery}). No headers, so KafkaIO's writer takes them as they are.
 */
public final class WriteToKafka extends PTransform<PCollection<KV<String, String>>, PDone> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;

  /** @param output the output's role (results, dead-letters): names its exactly-once sink group */
  public WriteToKafka(
      String bootstrapServers, String topic, Map<String, Object> producerProperties, KafkaDelivery delivery, String output) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
    this.delivery = delivery;
    this.output = output;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(producerProperties);
    if (delivery.isExactlyOnce()) {
      write = write.withEOS(KafkaSink.shards(delivery, bootstrapServers, topic, producerProperties), delivery.groupOf(output));
    }
    // Named without the topic, so a savepoint still restores when the job points at a renamed topic.
    return records.apply("Kafka", write);
  }
}
