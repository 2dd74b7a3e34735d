package dev.sluice.io;

import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Writes records byte for byte, headers included: for forwarding events as they were received. */
public final class WriteRawRecords extends PTransform<PCollection<RawRecord>, PDone> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;

  public WriteRawRecords(
      String bootstrapServers, String topic, Map<String, Object> producerProperties, KafkaDelivery delivery, String output) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = Map.copyOf(producerProperties);
    this.delivery = delivery;
    this.output = output;
  }

  @Override
  public PDone expand(PCollection<RawRecord> records) {
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
        .setCoder(KafkaSink.CODER)
        .apply("Kafka", new KafkaSink(bootstrapServers, topic, producerProperties, delivery, output));
  }
}
