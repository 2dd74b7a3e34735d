package dev.sluice.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where a bounded run's record lives: the committed offsets of consumer group {@code
 * sluice-run.ID}, which no consumer ever joins. Each input partition holds the offset the run reads
 * to, with its first offset in the metadata; each output partition holds where the topic ended when
 * the run began. Kafka keeps it for {@code offsets.retention.minutes} (7 days by default), so a run
 * can be completed from any machine that reaches the cluster.
 */
public final class RunLedger {

  private static final String INPUT = "in:";
  private static final String OUTPUT = "out";

  /** Runs this JVM began: building one's pipeline again reuses its record. */
  private static final java.util.Set<String> STARTED_HERE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private RunLedger() {}

  /**
   * The partitions to replay: for a new run, from the beginning to the end offsets now, recorded;
   * for a resume, exactly those the run recorded.
   */
  public static Map<TopicPartition, long[]> inputRanges(
      String bootstrap, Map<String, Object> consumerProps, ReplayRun run, List<String> topics) {
    Map<String, Object> client = client(bootstrap, consumerProps);
    Map<TopicPartition, OffsetAndMetadata> ledger = read(client, run);
    Map<TopicPartition, long[]> recorded = new LinkedHashMap<>();
    ledger.forEach(
        (tp, o) -> {
          if (o.metadata().startsWith(INPUT)) {
            recorded.put(tp, new long[] {Long.parseLong(o.metadata().substring(3)), o.offset()});
          }
        });
    if (run.resume()) {
      return recordedRanges(bootstrap, consumerProps, run, topics, recorded);
    }
    if (!recorded.isEmpty() && STARTED_HERE.contains(run.id())) {
      // The same launch builds its pipeline again (e.g. to check it before running it).
      return recorded;
    }
    if (!recorded.isEmpty()) {
      throw new IllegalArgumentException(
          "run "
              + run.id()
              + " already exists on "
              + bootstrap
              + ": --resume="
              + run.id()
              + " completes it; a new run needs another --runId (or none: one is made)");
    }
    Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
    for (String topic : topics) {
      ranges.putAll(PartitionOffsets.fetch(bootstrap, consumerProps, topic));
    }
    Map<TopicPartition, OffsetAndMetadata> entries = new HashMap<>();
    ranges.forEach((tp, r) -> entries.put(tp, new OffsetAndMetadata(r[1], INPUT + r[0])));
    write(client, run, entries);
    STARTED_HERE.add(run.id());
    return ranges;
  }

  private static Map<TopicPartition, long[]> recordedRanges(
      String bootstrap,
      Map<String, Object> consumerProps,
      ReplayRun run,
      List<String> topics,
      Map<TopicPartition, long[]> recorded) {
    if (recorded.isEmpty()) {
      throw new IllegalArgumentException(
          "no run "
              + run.id()
              + " on "
              + bootstrap
              + " (consumer group sluice-run."
              + run.id()
              + " is missing): check the id in the crashed run's first lines; Kafka keeps a run"
              + " for offsets.retention.minutes (7 days by default)");
    }
    TreeSet<String> was = new TreeSet<>();
    recorded.keySet().forEach(tp -> was.add(tp.topic()));
    if (!was.equals(new TreeSet<>(topics))) {
      throw new IllegalArgumentException(
          "run "
              + run.id()
              + " read "
              + was
              + ", this command reads "
              + new TreeSet<>(topics)
              + ": resume it with the same --inputTopic flags");
    }
    for (String topic : was) {
      PartitionOffsets.fetch(bootstrap, consumerProps, topic)
          .forEach(
              (tp, now) -> {
                long[] then = recorded.get(tp);
                if (then != null && then[1] > then[0] && now[0] > then[0]) {
                  throw new IllegalArgumentException(
                      String.format(
                          "run %s cannot be completed: %s now begins at offset %d, past the run's"
                              + " first offset %d (retention deleted input it read); replay anew",
                          run.id(), tp, now[0], then[0]));
                }
              });
    }
    return recorded;
  }

  /** A new run: where {@code topic} ends now, so that what comes after may be this run's. */
  public static void recordOutputStart(
      String bootstrap, Map<String, Object> props, ReplayRun run, String topic) {
    Map<String, Object> client = client(bootstrap, props);
    if (read(client, run).keySet().stream().anyMatch(tp -> tp.topic().equals(topic))) {
      return; // recorded when this launch built its pipeline before
    }
    Map<TopicPartition, OffsetAndMetadata> entries = new HashMap<>();
    PartitionOffsets.fetch(bootstrap, only(ConsumerConfig.configNames(), props), topic)
        .forEach((tp, r) -> entries.put(tp, new OffsetAndMetadata(r[1], OUTPUT)));
    write(client, run, entries);
  }

  /**
   * A resume: every record of the run on {@code topic} (read_committed, from where the topic ended
   * when the run began), as fingerprints.
   */
  public static WrittenRecords written(
      String bootstrap,
      Map<String, Object> props,
      ReplayRun run,
      String topic,
      org.apache.beam.sdk.transforms.SerializableFunction<dev.sluice.event.RawRecord, byte[]>
          identity) {
    Map<TopicPartition, Long> from = new HashMap<>();
    read(client(bootstrap, props), run)
        .forEach(
            (tp, o) -> {
              if (tp.topic().equals(topic) && o.metadata().equals(OUTPUT)) {
                from.put(tp, o.offset());
              }
            });
    if (from.isEmpty()) {
      throw new IllegalArgumentException(
          "run "
              + run.id()
              + " has no record of output topic "
              + topic
              + ": it wrote elsewhere, or died before it began; resume with its output flags, or"
              + " replay anew");
    }
    Map<Long, Integer> counted = new HashMap<>();
    byte[] id = run.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer =
        PartitionOffsets.withoutGroup(
            bootstrap,
            only(ConsumerConfig.configNames(), props),
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topic + " to " + end);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Header h = r.headers().lastHeader(ReplayRun.HEADER);
          if (h != null && java.util.Arrays.equals(h.value(), id)) {
            counted.merge(
                WrittenRecords.fingerprint(KafkaRecords.toRaw(r), identity), 1, Integer::sum);
          }
        }
      }
    }
    return WrittenRecords.of(counted);
  }

  /**
   * Before an exactly-once resume: fences the crashed run's transactional writers (aborting a
   * transaction it left open, which would hide everything after it from read_committed readers) and
   * forgets its sink state, so the resumed run's writers start their numbering afresh.
   */
  public static void settleSinkGroup(
      String bootstrap, Map<String, Object> props, String sinkGroup, String topic) {
    Map<String, Object> client = client(bootstrap, props);
    int shards = Topics.partitions(client, topic);
    for (int shard = 0; shard < shards; shard++) {
      Map<String, Object> p = only(ProducerConfig.configNames(), props);
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          TransactionalWriter.transactionalId(sinkGroup, shard));
      try (KafkaProducer<byte[], byte[]> fence =
          new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        fence.initTransactions();
      }
    }
    try (Admin admin = Topics.admin(client)) {
      Topics.await(admin.deleteConsumerGroups(List.of(sinkGroup)).all(), client);
    } catch (GroupIdNotFoundException first) {
      // Nothing to forget: the crashed run committed no transaction.
    }
  }

  /** An admin client's share of a consumer's or producer's settings (security, mostly). */
  private static Map<String, Object> client(String bootstrap, Map<String, Object> props) {
    Map<String, Object> client = only(AdminClientConfig.configNames(), props);
    client.put("bootstrap.servers", bootstrap);
    return client;
  }

  private static Map<String, Object> only(java.util.Set<String> names, Map<String, Object> props) {
    Map<String, Object> kept = new HashMap<>(props);
    kept.keySet().retainAll(names);
    return kept;
  }

  private static Map<TopicPartition, OffsetAndMetadata> read(
      Map<String, Object> client, ReplayRun run) {
    try (Admin admin = Topics.admin(client)) {
      return Topics.await(
          admin.listConsumerGroupOffsets(run.ledgerGroup()).partitionsToOffsetAndMetadata(),
          client);
    }
  }

  private static void write(
      Map<String, Object> client, ReplayRun run, Map<TopicPartition, OffsetAndMetadata> entries) {
    try (Admin admin = Topics.admin(client)) {
      Topics.await(admin.alterConsumerGroupOffsets(run.ledgerGroup(), entries).all(), client);
    }
  }
}
