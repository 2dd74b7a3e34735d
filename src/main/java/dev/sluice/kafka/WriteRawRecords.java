package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes records byte for byte, headers included: for forwarding events as they were received.
 * Transform names do not mention the topic, so a savepoint restores when a topic is renamed.
 */
public final class WriteRawRecords extends PTransform<PCollection<RawRecord>, PDone> {

  /** Shards of an at-least-once ordered write: they bound its parallelism. */
  static final int ORDERED_SHARDS = 16;

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final KafkaDelivery delivery;
  private final String output;
  private final boolean keyOrder;

  /**
   * @param output the output's role (results, dead-letters, late): names its exactly-once sink
   *     group
   * @param keyOrder each key's records reach the topic in timestamp order, released as the
   *     watermark passes them (for an output whose records are stamped with event time)
   */
  public WriteRawRecords(
      String bootstrapServers,
      String topic,
      Map<String, Object> producerProperties,
      KafkaDelivery delivery,
      String output,
      boolean keyOrder) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
    this.delivery = delivery;
    this.output = output;
    this.keyOrder = keyOrder;
  }

  @Override
  public PDone expand(PCollection<RawRecord> records) {
    if (delivery.isExactlyOnce()) {
      return records.apply(
          "KafkaTransactions",
          new ExactlyOnceKafkaSink(
              bootstrapServers, topic, producerProperties, delivery.groupOf(output), keyOrder));
    }
    if (keyOrder) {
      ExactlyOnceKafkaSink.inTimeOrder(records, ORDERED_SHARDS)
          .apply(
              "Kafka",
              ParDo.of(new SequencedKafkaWriter(bootstrapServers, topic, producerProperties)));
      return PDone.in(records.getPipeline());
    }
    // Not KafkaIO's writer: that one fails the job on a record Kafka refuses (too large).
    records.apply("Kafka", ParDo.of(new KafkaWriter(bootstrapServers, topic, producerProperties)));
    return PDone.in(records.getPipeline());
  }
}
