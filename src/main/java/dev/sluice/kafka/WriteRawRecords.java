package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.util.HashMap;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records byte for byte, headers included: for forwarding events as they were received.
 * Transform names do not mention the topic, so a savepoint restores when a topic is renamed.
 */
public final class WriteRawRecords extends PTransform<PCollection<RawRecord>, PDone> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;

  /**
   * @param output the output's role (results, dead-letters, late): names its exactly-once sink
   *     group
   */
  public WriteRawRecords(
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
  public PDone expand(PCollection<RawRecord> records) {
    if (delivery.isExactlyOnce()) {
      return records.apply(
          "KafkaTransactions",
          new ExactlyOnceKafkaSink(
              bootstrapServers, topic, producerProperties, delivery.groupOf(output)));
    }
    String target = topic;
    return records
        .apply(
            "ToProducerRecord",
            MapElements.into(new TypeDescriptor<ProducerRecord<byte[], byte[]>>() {})
                .via(
                    (RawRecord r) -> {
                      RecordHeaders headers = new RecordHeaders();
                      r.headers().forEach(h -> headers.add(h.name(), h.value()));
                      return new ProducerRecord<>(target, null, null, r.key(), r.value(), headers);
                    }))
        .setCoder(
            ProducerRecordCoder.of(
                NullableCoder.of(ByteArrayCoder.of()), NullableCoder.of(ByteArrayCoder.of())))
        .apply(
            "Kafka",
            KafkaIO.<byte[], byte[]>writeRecords()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeySerializer(ByteArraySerializer.class)
                .withValueSerializer(ByteArraySerializer.class)
                .withProducerConfigUpdates(producerProperties));
  }
}
