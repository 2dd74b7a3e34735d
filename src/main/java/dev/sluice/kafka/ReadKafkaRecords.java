package dev.sluice.kafka;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.time.WatermarkRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;

/**
 * Reads a topic as {@link RawRecord}s stamped with their event time, through KafkaIO's unbounded
 * read and {@link EventTimePolicy}.
 *
 * <p>Streaming: idle partitions left out of the watermark; offsets committed by the consumer group
 * only where the runner keeps state durably ({@link RunnerTraits#durableState}), otherwise no group
 * at all and every start reads from the earliest offset. Bounded: each partition from its beginning
 * to the end offset fetched when the pipeline is built; a partition reports the maximum watermark
 * once read to there, and the job ends. Unlike {@code withMaxNumRecords} (which holds every window
 * until all input is in) and the splittable read (whose watermark does not move on Flink until all
 * input is read), the watermark advances while the replay reads, on Direct and Flink alike.
 *
 * <p>On the Direct runner the bounded replay reads through {@link KafkaReplaySource} instead: the
 * same per-partition ranges and late marking, but a bounded source, so the job runs in batch mode.
 *
 * <p>Each partition's watermark and lag are Beam gauges ({@link PartitionGauges}); on Flink, whose
 * source metrics miss the job's results, a step {@code PartitionProgress} repeats them.
 */
public final class ReadKafkaRecords extends PTransform<PBegin, PCollection<RawRecord>> {

  private final KafkaSource source;
  private final String bootstrapServers;
  private final List<String> topics;
  private final java.util.Set<String> controlTopics;
  private final Map<String, Object> consumerProperties;
  private final boolean bounded;
  private final EventParser parser;
  private final EventWindows windows;
  private final boolean markLate;
  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final RunnerTraits runner;

  /**
   * @param parser tells each record's event time (invalid records get the minimum timestamp)
   */
  public ReadKafkaRecords(
      KafkaSource source, WatermarkRules rules, EventParser parser, RunnerTraits runner) {
    this.source = source;
    this.bootstrapServers = source.bootstrapServers();
    this.topics = source.allTopics();
    this.controlTopics = new java.util.HashSet<>(source.controlTopics());
    this.consumerProperties = source.consumerProperties();
    this.bounded = source.bounded();
    this.parser = parser;
    this.windows = rules.windows();
    this.markLate = rules.markLate();
    this.maxOutOfOrderness = rules.maxOutOfOrderness();
    this.idleTimeout = rules.idleTimeout();
    this.runner = runner;
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    return bounded ? replay(begin) : stream(begin);
  }

  private KafkaIO.Read<byte[], byte[]> read(Map<String, Object> props) {
    Map<String, Object> plain = new HashMap<>();
    Map<String, Object> secrets = new HashMap<>();
    props.forEach((k, v) -> (KafkaProperties.isSecret(k) ? secrets : plain).put(k, v));
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(bootstrapServers)
            .withKeyDeserializer(ByteArrayDeserializer.class)
            .withValueDeserializer(ByteArrayDeserializer.class)
            // Input written by another exactly-once job: aborted and open transactions stay unseen.
            .withReadCommitted()
            .withConsumerConfigUpdates(plain);
    // KafkaIO shows its consumer config as display data (runner UIs, debug logs): secrets reach
    // the consumer through the factory instead.
    return secrets.isEmpty() ? read : read.withConsumerFactoryFn(new WithSecrets(secrets));
  }

  /** Creates KafkaIO's consumers with the secret properties added. */
  private static final class WithSecrets
      implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
    private final HashMap<String, Object> secrets;

    WithSecrets(Map<String, Object> secrets) {
      this.secrets = new HashMap<>(secrets);
    }

    @Override
    public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
      Map<String, Object> all = new HashMap<>(config);
      all.putAll(secrets);
      return new KafkaConsumer<>(all);
    }

    @Override
    public String toString() {
      return "consumer factory with " + secrets.size() + " hidden properties";
    }
  }

  private PCollection<RawRecord> stream(PBegin begin) {
    Map<String, Object> props = new HashMap<>(consumerProperties);
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    TimestampPolicyFactory<byte[], byte[]> policy =
        EventTimePolicy.streaming(parser, lateWindows(), maxOutOfOrderness, idleTimeout, source);
    KafkaIO.Read<byte[], byte[]> read;
    if (runner.durableState()) {
      // Offsets committed once the runner has made the records' state durable (checkpoint).
      read = read(props).withTopics(topics).commitOffsetsInFinalize();
    } else {
      // Open windows live in this process only: a committed offset would outlive the events
      // before it, and a restart would skip them. No group, so every start reads from the
      // beginning (earliest) and repeats earlier results rather than lose any.
      props.remove(ConsumerConfig.GROUP_ID_CONFIG);
      read = read(props).withTopics(topics);
    }
    PCollection<RawRecord> records =
        begin
            .apply("ReadKafka", read.withTimestampPolicyFactory(policy))
            .apply("ToRawRecord", toRaw());
    return withPartitionProgress(records, policy);
  }

  /** Where the source's gauges miss the job's metric results, a step repeats them. */
  private PCollection<RawRecord> withPartitionProgress(
      PCollection<RawRecord> records, TimestampPolicyFactory<byte[], byte[]> policy) {
    if (runner.sourceMetricsInResults()) {
      return records;
    }
    return records.apply(
        "PartitionProgress",
        ParDo.of(new PublishPartitionProgressFn(EventTimePolicy.readId(policy))));
  }

  private PCollection<RawRecord> replay(PBegin begin) {
    Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
    if (source.replay() != null) {
      ranges.putAll(
          RunLedger.inputRanges(bootstrapServers, consumerProperties, source.replay(), topics));
    } else {
      for (String topic : topics) {
        ranges.putAll(PartitionOffsets.fetch(bootstrapServers, consumerProperties, topic));
      }
    }
    // An empty partition would finish at once but, on Flink, slow down the partition that shares
    // its reader thread; it has nothing to contribute, so it is not read at all.
    List<TopicPartition> nonEmpty = new ArrayList<>();
    ranges.forEach(
        (tp, range) -> {
          if (range[1] > range[0]) {
            nonEmpty.add(tp);
          }
        });
    if (nonEmpty.isEmpty()) {
      return begin.apply("EmptyTopic", Create.empty(RawRecordCoder.of()));
    }
    if (runner.replaysInBatchMode()) {
      List<KafkaReplaySource.Range> splits = new ArrayList<>();
      nonEmpty.forEach(
          tp ->
              splits.add(
                  new KafkaReplaySource.Range(
                      tp.topic(), tp.partition(), ranges.get(tp)[0], ranges.get(tp)[1])));
      return begin.apply(
          "ReplayKafka",
          Read.from(
              new KafkaReplaySource(
                  bootstrapServers,
                  consumerProperties,
                  parser,
                  windows,
                  maxOutOfOrderness,
                  splits)));
    }
    // No group: a replay starts at the beginning, whatever a consumer group has committed.
    Map<String, Object> props = new HashMap<>(consumerProperties);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, Long> stops = new HashMap<>();
    ranges.forEach((tp, range) -> stops.put(tp.topic() + "/" + tp.partition(), range[1]));
    TimestampPolicyFactory<byte[], byte[]> policy =
        EventTimePolicy.replay(parser, lateWindows(), maxOutOfOrderness, ranges, controlTopics);
    PCollection<RawRecord> records =
        begin
            .apply(
                "ReadKafka",
                read(props).withTopicPartitions(nonEmpty).withTimestampPolicyFactory(policy))
            .apply("ToRawRecord", toRaw());
    return withPartitionProgress(records, policy)
        // Records appended after the end offsets were fetched are not part of this replay.
        .apply(
            "KeepReplayRange",
            Filter.by((RawRecord r) -> r.offset() < stops.get(r.topic() + "/" + r.partition())));
  }

  private EventWindows lateWindows() {
    return markLate ? windows : null;
  }

  private static MapElements<KafkaRecord<byte[], byte[]>, RawRecord> toRaw() {
    return MapElements.into(TypeDescriptor.of(RawRecord.class)).via(KafkaRecords::toRaw);
  }
}
