package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes string key/value pairs (UTF-8) to one topic, at least once through KafkaIO or exactly once
 * through {@link ExactlyOnceKafkaSink} ({@link KafkaDelivery}).
 */
public final class WriteToKafka extends PTransform<PCollection<KV<String, String>>, PDone> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;

  /**
   * @param output the output's role (results, dead-letters): names its exactly-once sink group
   */
  public WriteToKafka(
      String bootstrapServers,
      String topic,
      Map<String, Object> producerProperties,
      KafkaDelivery delivery,
      String output) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
    this.delivery = delivery;
    this.output = output;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    if (delivery.isExactlyOnce()) {
      String target = topic;
      return records
          .apply(
              "ToRecord",
              MapElements.into(TypeDescriptor.of(RawRecord.class))
                  .via(
                      (KV<String, String> kv) ->
                          new RawRecord(
                              target,
                              -1,
                              -1,
                              0,
                              kv.getKey() == null
                                  ? null
                                  : kv.getKey().getBytes(StandardCharsets.UTF_8),
                              kv.getValue().getBytes(StandardCharsets.UTF_8),
                              List.of())))
          .apply(
              "KafkaTransactions",
              new ExactlyOnceKafkaSink(
                  bootstrapServers, topic, producerProperties, delivery.groupOf(output)));
    }
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(producerProperties);
    // Named without the topic, so a savepoint still restores when the job points at a renamed
    // topic.
    return records.apply("Kafka", write);
  }
}
