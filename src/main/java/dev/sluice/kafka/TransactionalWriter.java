package dev.sluice.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes one shard's numbered records in a Kafka transaction per batch, in number order, and
 * commits the last number with it (as the sink group's metadata on partition {@code shard}), so a
 * batch replayed after a failure is skipped instead of written twice.
 */
final class TransactionalWriter extends DoFn<KV<Integer, Iterable<KV<Long, RawRecord>>>, Void> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final String sinkGroupId;
  private final Counter written = Metrics.counter("sluice", "kafka_transactional_records");
  private final Counter skipped = Metrics.counter("sluice", "kafka_records_already_committed");

  /** The smaller of max.request.size and the topic's max.message.bytes. */
  private final int maxRecordBytes;

  private final Counter writesFailed = Metrics.counter("sluice", KafkaWriter.WRITES_FAILED);

  @StateId("next")
  private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

  @StateId("writer")
  private final StateSpec<ValueState<String>> writerSpec = StateSpecs.value(StringUtf8Coder.of());

  /** Records numbered past a gap, waiting for the missing ones. */
  @StateId("waiting")
  private final StateSpec<BagState<KV<Long, RawRecord>>> waitingSpec =
      StateSpecs.bag(KvCoder.of(VarLongCoder.of(), RawRecordCoder.of()));

  private transient Map<Integer, ShardProducer> producers;

  /**
   * This submission's writer id, fixed when the pipeline is built. A shard's first commit stores it
   * in Kafka before the writer state reaches a checkpoint; a restart of the same submission from
   * that checkpoint (a TaskManager lost in between) recognises it here, where a random id made at
   * run time would have looked like another job's.
   */
  private final String submission;

  /**
   * Which instance of this step last opened each transactional id in this JVM. The DirectRunner
   * hands a key to whichever pooled instance is free; an instance whose producer was superseded
   * opens a new one instead of running into the broker's fencing (which surfaces as timeouts). Only
   * tokens live here, never producers.
   */
  private static final Map<String, Object> OWNERS = new java.util.concurrent.ConcurrentHashMap<>();

  private transient Object token;

  TransactionalWriter(
      String bootstrapServers,
      String topic,
      Map<String, Object> producerProperties,
      String sinkGroupId,
      int maxRecordBytes) {
    this.submission = UUID.randomUUID().toString();
    this.maxRecordBytes = maxRecordBytes;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
    this.sinkGroupId = sinkGroupId;
  }

  private static final class ShardProducer {
    final KafkaProducer<byte[], byte[]> producer;
    long committed;

    ShardProducer(KafkaProducer<byte[], byte[]> producer, long committed) {
      this.producer = producer;
      this.committed = committed;
    }
  }

  @Setup
  public void setup() {
    producers = new HashMap<>();
    token = new Object();
  }

  private String transactionalId(int shard) {
    return transactionalId(sinkGroupId, shard);
  }

  /** The transactional id of a sink group's writer for one shard. */
  static String transactionalId(String sinkGroupId, int shard) {
    return sinkGroupId + "-" + shard;
  }

  @RequiresStableInput
  @ProcessElement
  public void process(
      @Element KV<Integer, Iterable<KV<Long, RawRecord>>> batch,
      @StateId("next") ValueState<Long> nextState,
      @StateId("writer") ValueState<String> writerState,
      @StateId("waiting") BagState<KV<Long, RawRecord>> waiting)
      throws IOException {
    int shard = batch.getKey();
    Long stored = nextState.read();
    List<KV<Long, RawRecord>> pending = new ArrayList<>();
    batch.getValue().forEach(pending::add);
    waiting.read().forEach(pending::add);
    pending.sort(Comparator.comparingLong(KV::getKey));
    long next;
    try {
      next = write(shard, stored == null ? 0 : stored, pending, writerState);
    } catch (RuntimeException e) {
      if (!fenced(e)) {
        throw e;
      }
      // Another instance of this step took the shard over (the DirectRunner pools DoFn instances;
      // on Flink, a restarted attempt). Take it back: the new producer re-reads what Kafka holds.
      next = write(shard, stored == null ? 0 : stored, pending, writerState);
    }
    long written = next;
    nextState.write(next);
    waiting.clear();
    pending.stream().filter(kv -> kv.getKey() >= written).forEach(waiting::add);
  }

  private static boolean fenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the records numbered {@code next, next+1, ...} found in {@code pending}; returns the new
   * next.
   */
  private long write(
      int shard, long next, List<KV<Long, RawRecord>> pending, ValueState<String> writerState)
      throws IOException {
    ShardProducer p = producers.get(shard);
    if (p != null && OWNERS.get(transactionalId(shard)) != token) {
      producers.remove(shard);
      p.producer.close(Duration.ofSeconds(5));
      p = null;
    }
    if (p == null) {
      p = open(shard, next, writerState);
      producers.put(shard, p);
      OWNERS.put(transactionalId(shard), token);
    }
    // Kafka may hold a later commit than this state: the batch was written before a failure.
    next = Math.max(next, p.committed + 1);
    List<RawRecord> toSend = new ArrayList<>();
    for (KV<Long, RawRecord> kv : pending) {
      if (kv.getKey() < next) {
        skipped.inc();
      } else if (kv.getKey() == next) {
        toSend.add(kv.getValue());
        next++;
      }
    }
    if (toSend.isEmpty()) {
      return next;
    }
    try {
      p.producer.beginTransaction();
      for (RawRecord r : toSend) {
        RecordHeaders headers = new RecordHeaders();
        r.headers().forEach(h -> headers.add(h.name(), h.value()));
        // A record the producer refuses would abort every retry of this transaction: count it.
        int size = KafkaWriter.sizeInKafka(r, headers);
        if (size > maxRecordBytes) {
          writesFailed.inc();
          KafkaWriter.LOG.warn(
              "not writing a record of {} bytes to {} (limit {}); counted in {}",
              size,
              topic,
              maxRecordBytes,
              KafkaWriter.WRITES_FAILED);
          continue;
        }
        p.producer.send(new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers));
      }
      String metadata =
          JSON.createObjectNode().put("seq", next - 1).put("writer", writerState.read()).toString();
      p.producer.sendOffsetsToTransaction(
          Map.of(new TopicPartition(topic, shard), new OffsetAndMetadata(0, metadata)),
          new ConsumerGroupMetadata(sinkGroupId));
      p.producer.commitTransaction();
    } catch (RuntimeException e) {
      // Whatever state the transaction is in, this producer is done; a retry opens a new one,
      // whose initTransactions settles this one's transaction first.
      producers.remove(shard);
      p.producer.close(Duration.ofSeconds(5));
      throw e;
    }
    p.committed = next - 1;
    written.inc(toSend.size());
    return next;
  }

  /** A transactional producer for the shard and the last number Kafka says it committed. */
  private ShardProducer open(int shard, long next, ValueState<String> writerState)
      throws IOException {
    Map<String, Object> props = new HashMap<>(producerProperties);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(shard));
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      // Fences any earlier producer of this shard and settles its open transaction.
      producer.initTransactions();
      long committed = -1;
      String writer = writerState.read();
      JsonNode stored = storedMetadata(shard);
      if (stored == null) {
        // A writer id with nothing committed is this job's claim on a shard whose first batch had
        // a gap (records 1.. before 0) or whose first transaction failed; another instance (a
        // pooled one on Direct, a restart on Flink) carries on with it. Only committed records
        // prove Kafka should hold a commit.
        if (next != 0) {
          throw new IllegalStateException(
              String.format(
                  "shard %d of sink group %s has job state (next record %d) but Kafka holds no commit for it;"
                      + " was the sink group id changed on restore?",
                  shard, sinkGroupId, next));
        }
        if (writer == null) {
          writerState.write(submission);
        }
      } else {
        String last = stored.path("writer").asText();
        if (writer == null && last.equals(submission)) {
          // This submission committed before its writer state was checkpointed.
          writer = submission;
          writerState.write(submission);
        }
        if (writer == null) {
          throw new IllegalStateException(
              String.format(
                  "Kafka already holds sink state for group %s (shard %d) from another job; a new job needs a new"
                      + " --sinkGroupId ('sluice submit' makes one)",
                  sinkGroupId, shard));
        }
        if (!writer.equals(last)) {
          throw new IllegalStateException(
              String.format(
                  "sink group %s shard %d was last written by another job (writer %s, this job %s)",
                  sinkGroupId, shard, last, writer));
        }
        committed = stored.path("seq").asLong();
        if (committed < next - 1) {
          throw new IllegalStateException(
              String.format(
                  "sink group %s shard %d: Kafka's last commit %d is behind this job's state %d",
                  sinkGroupId, shard, committed, next - 1));
        }
      }
      return new ShardProducer(producer, committed);
    } catch (RuntimeException | IOException e) {
      producer.close(Duration.ofSeconds(5));
      throw e;
    }
  }

  private JsonNode storedMetadata(int shard) throws IOException {
    Map<String, Object> props = new HashMap<>(producerProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, sinkGroupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props
        .keySet()
        .removeIf(
            k ->
                k.startsWith("transactional")
                    || k.equals(ProducerConfig.ACKS_CONFIG)
                    || k.equals(ProducerConfig.LINGER_MS_CONFIG));
    TopicPartition tp = new TopicPartition(topic, shard);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      OffsetAndMetadata committed = consumer.committed(Set.of(tp), Duration.ofSeconds(60)).get(tp);
      if (committed == null || committed.metadata() == null || committed.metadata().isEmpty()) {
        return null;
      }
      return JSON.readTree(committed.metadata());
    }
  }

  @Teardown
  public void teardown() {
    if (producers != null) {
      producers.forEach(
          (shard, p) -> {
            OWNERS.remove(transactionalId(shard), token);
            p.producer.close(Duration.ofSeconds(5));
          });
      producers.clear();
    }
  }
}
