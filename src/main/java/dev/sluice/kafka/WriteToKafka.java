package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Writes string key/value pairs (UTF-8) to one topic, at least once through {@link KafkaWriter} or
 * exactly once through {@link ExactlyOnceKafkaSink} ({@link KafkaDelivery}).
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
    String target = topic;
    PCollection<RawRecord> raw =
        records.apply(
            "ToRecord",
            MapElements.into(TypeDescriptor.of(RawRecord.class))
                .via((KV<String, String> kv) -> toRecord(target, kv)));
    if (delivery.isExactlyOnce()) {
      return raw.apply(
          "KafkaTransactions",
          new ExactlyOnceKafkaSink(
              bootstrapServers, topic, producerProperties, delivery.groupOf(output)));
    }
    // Named without the topic, so a savepoint still restores when the job points at a renamed
    // topic. Not KafkaIO's writer: that one fails the job on a record Kafka refuses (too large).
    raw.apply("Kafka", ParDo.of(new KafkaWriter(bootstrapServers, topic, producerProperties)));
    return PDone.in(records.getPipeline());
  }

  private static RawRecord toRecord(String topic, KV<String, String> kv) {
    byte[] key = kv.getKey() == null ? null : kv.getKey().getBytes(StandardCharsets.UTF_8);
    return new RawRecord(
        topic, -1, -1, 0, key, kv.getValue().getBytes(StandardCharsets.UTF_8), List.of());
  }
}
