package dev.sluice.io;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes string key/value pairs (UTF-8) to one topic; a null key lets Kafka pick the partition. */
public final class WriteToKafka extends PTransform<PCollection<KV<String, String>>, PDone> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;

  public WriteToKafka(
      String bootstrapServers, String topic, Map<String, Object> producerProperties, KafkaDelivery delivery, String output) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = Map.copyOf(producerProperties);
    this.delivery = delivery;
    this.output = output;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    String target = topic;
    return records
        .apply(
            "ToProducerRecord",
            MapElements.into(new TypeDescriptor<ProducerRecord<byte[], byte[]>>() {})
                .via(
                    (KV<String, String> kv) ->
                        new ProducerRecord<>(
                            target,
                            kv.getKey() == null ? null : kv.getKey().getBytes(StandardCharsets.UTF_8),
                            kv.getValue().getBytes(StandardCharsets.UTF_8))))
        .setCoder(KafkaSink.CODER)
        .apply("Kafka", new KafkaSink(bootstrapServers, topic, producerProperties, delivery, output));
  }
}
