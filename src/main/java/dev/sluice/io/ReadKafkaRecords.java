package dev.sluice.io;

import dev.sluice.event.EventParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaSourceDescriptor;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads a topic as {@link RawRecord}s stamped with their event time.
 *
 * <p>Streaming: KafkaIO's read with {@link EventTimePolicy}, offsets committed by the consumer
 * group. Bounded: each partition from its earliest offset to the end offset fetched when the
 * pipeline is built, through the splittable read, so the watermark advances while it reads (unlike
 * {@code withMaxNumRecords}, which holds every window until all input is in).
 */
public final class ReadKafkaRecords extends PTransform<PBegin, PCollection<RawRecord>> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> consumerProperties;
  private final boolean bounded;
  private final EventParser parser;
  private final Duration maxOutOfOrderness;

  /**
   * @param consumerProperties extra consumer settings (security, group.id ...); {@code group.id}
   *     is required for the streaming read, which commits its offsets there
   */
  public ReadKafkaRecords(
      String bootstrapServers,
      String topic,
      Map<String, Object> consumerProperties,
      boolean bounded,
      EventParser parser,
      Duration maxOutOfOrderness) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerProperties = new HashMap<>(consumerProperties);
    this.bounded = bounded;
    this.parser = parser;
    this.maxOutOfOrderness = maxOutOfOrderness;
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    PCollection<KafkaRecord<byte[], byte[]>> records = bounded ? readRanges(begin) : readStream(begin);
    return records.apply(
        "ToRawRecord",
        MapElements.into(TypeDescriptor.of(RawRecord.class)).via(KafkaRecords::toRaw));
  }

  private PCollection<KafkaRecord<byte[], byte[]>> readStream(PBegin begin) {
    Map<String, Object> props = new HashMap<>(consumerProperties);
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return begin.apply(
        "ReadKafka",
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeyDeserializer(ByteArrayDeserializer.class)
            .withValueDeserializer(ByteArrayDeserializer.class)
            .withConsumerConfigUpdates(props)
            .withTimestampPolicyFactory(EventTimePolicy.factory(parser, maxOutOfOrderness))
            .commitOffsetsInFinalize());
  }

  private PCollection<KafkaRecord<byte[], byte[]>> readRanges(PBegin begin) {
    Map<TopicPartition, long[]> ranges = PartitionOffsets.fetch(bootstrapServers, consumerProperties, topic);
    List<KafkaSourceDescriptor> descriptors = new ArrayList<>();
    ranges.forEach(
        (tp, range) ->
            descriptors.add(
                KafkaSourceDescriptor.of(tp, range[0], null, range[1], null, List.of(bootstrapServers))));
    Duration bound = maxOutOfOrderness;
    EventParser eventParser = parser;
    SerializableFunction<KafkaRecord<byte[], byte[]>, Instant> eventTime =
        record -> {
          long millis = eventParser.eventTimeOrMin(KafkaRecords.toRaw(record));
          return millis == Long.MIN_VALUE ? BoundedWindow.TIMESTAMP_MIN_VALUE : new Instant(millis);
        };
    return begin
        .apply("PartitionRanges", Create.of(descriptors))
        .apply(
            "ReadRanges",
            KafkaIO.<byte[], byte[]>readSourceDescriptors()
                .withBootstrapServers(bootstrapServers)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                .withValueDeserializer(ByteArrayDeserializer.class)
                .withConsumerConfigUpdates(consumerProperties)
                .withExtractOutputTimestampFn(eventTime)
                .withCreatWatermarkEstimatorFn(state -> new EventTimeWatermarkEstimator(state, bound)));
  }
}
