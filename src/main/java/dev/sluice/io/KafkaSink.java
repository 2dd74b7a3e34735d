package dev.sluice.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.ProducerRecordCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place Sluice writes Kafka: byte records, headers kept, delivered at least once or exactly
 * once ({@link KafkaDelivery}). Transform names do not mention the topic, so a savepoint still
 * restores when a job is pointed at a renamed topic.
 */
final class KafkaSink extends PTransform<PCollection<ProducerRecord<byte[], byte[]>>, PDone> {

  static final ProducerRecordCoder<byte[], byte[]> CODER =
      ProducerRecordCoder.of(NullableCoder.of(ByteArrayCoder.of()), NullableCoder.of(ByteArrayCoder.of()));

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;

  /** @param output the output's role (results, dead-letters, late): names its sink group */
  KafkaSink(
      String bootstrapServers, String topic, Map<String, Object> producerProperties, KafkaDelivery delivery, String output) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
    this.delivery = delivery;
    this.output = output;
  }

  /** One transactional writer per partition of the topic unless told otherwise. */
  static int shards(KafkaDelivery delivery, String bootstrapServers, String topic, Map<String, Object> producerProperties) {
    if (delivery.shards() > 0) {
      return delivery.shards();
    }
    Map<String, Object> props = new HashMap<>(producerProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.keySet().removeIf(k -> k.startsWith("transactional") || k.startsWith("acks") || k.startsWith("linger"));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (partitions == null || partitions.isEmpty()) {
        throw new IllegalArgumentException("output topic " + topic + " does not exist");
      }
      return partitions.size();
    }
  }

  @Override
  public PDone expand(PCollection<ProducerRecord<byte[], byte[]>> records) {
    KafkaIO.WriteRecords<byte[], byte[]> write =
        KafkaIO.<byte[], byte[]>writeRecords()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(ByteArraySerializer.class)
            .withValueSerializer(ByteArraySerializer.class)
            .withProducerConfigUpdates(producerProperties);
    if (!delivery.isExactlyOnce()) {
      return records.apply("Write", write);
    }
    return records
        .apply(
            "PackHeaders",
            MapElements.into(new TypeDescriptor<ProducerRecord<byte[], byte[]>>() {})
                .via(r -> new ProducerRecord<>(r.topic(), r.key(), HeaderEnvelope.pack(r.headers(), r.value()))))
        .setCoder(CODER)
        .apply(
            "WriteTransactions",
            write
                .withEOS(shards(delivery, bootstrapServers, topic, producerProperties), delivery.groupOf(output))
                .withProducerFactoryFn(HeaderRestoringProducer::open));
  }
}
