package dev.sluice.kafka;

import dev.sluice.event.EventParser;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest event time in the log of a read's event topics, as the broker has it, less the
 * out-of-orderness bound: the frontier an idle partition adopts when the partitions that move are
 * read in another JVM. Each TaskManager runs its own readers, and a reader whose partitions are all
 * idle cannot see the others' watermarks; the log is what every JVM can see. An idle partition that
 * adopts this frontier stops holding the job back, exactly as if its peers shared a JVM; the
 * minimum over partitions still comes from the ones that move, which the frontier never passes.
 *
 * <p>One daemon thread per read and JVM, started when a partition first asks and stopped when none
 * has asked for a minute (so a cancelled job leaves nothing running). It reads the last few records
 * of every partition every {@code refresh}; the readers never wait on the broker for it.
 */
final class LogTailFrontier {

  private static final Logger LOG = LoggerFactory.getLogger(LogTailFrontier.class);
  private static final Map<String, LogTailFrontier> BY_READ = new ConcurrentHashMap<>();

  /** Records read back from the end of each partition; out of order by at most the bound. */
  static final int TAIL_RECORDS = 16;

  private static final long STOP_AFTER_NANOS = Duration.ofMinutes(1).toNanos();

  /** What the thread needs: serialized with the read. */
  record Settings(
      String bootstrapServers,
      Map<String, Object> consumerProperties,
      List<String> eventTopics,
      long boundMillis,
      long refreshMillis)
      implements Serializable {
    Settings {
      consumerProperties = new HashMap<>(consumerProperties);
      eventTopics = List.copyOf(eventTopics);
    }
  }

  private final Settings settings;
  private final EventParser parser;
  private volatile long frontier = Long.MIN_VALUE;
  private volatile long lastAskedNanos;
  private Thread thread;

  private LogTailFrontier(Settings settings, EventParser parser) {
    this.settings = settings;
    this.parser = parser;
  }

  static LogTailFrontier of(String readId, Settings settings, EventParser parser) {
    return BY_READ.computeIfAbsent(readId, id -> new LogTailFrontier(settings, parser));
  }

  /** The frontier last found ({@link Long#MIN_VALUE} before the first look); never blocks. */
  long frontier() {
    lastAskedNanos = System.nanoTime();
    ensureRunning();
    return frontier;
  }

  private synchronized void ensureRunning() {
    if (thread == null) {
      thread = new Thread(this::run, "sluice-log-tail");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void run() {
    Map<String, Object> props = new HashMap<>(settings.consumerProperties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      while (System.nanoTime() - lastAskedNanos < STOP_AFTER_NANOS) {
        long newest = newestEventTime(consumer);
        if (newest != Long.MIN_VALUE) {
          frontier = Math.max(frontier, newest - settings.boundMillis());
        }
        Thread.sleep(settings.refreshMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The readers see the broker's trouble themselves; idle partitions keep the JVM's frontier.
      LOG.warn("reading the log tail of {} failed: {}", settings.eventTopics(), e.toString());
    } finally {
      synchronized (this) {
        thread = null;
      }
    }
  }

  /** The largest valid event time among the last records of every partition. */
  private long newestEventTime(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : settings.eventTopics()) {
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
    }
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    List<TopicPartition> nonEmpty = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (end.get(tp) > begin.get(tp)) {
        nonEmpty.add(tp);
      }
    }
    consumer.assign(nonEmpty);
    for (TopicPartition tp : nonEmpty) {
      consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - TAIL_RECORDS));
    }
    long newest = Long.MIN_VALUE;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!reached(consumer, nonEmpty, end) && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        newest = Math.max(newest, parser.eventTimeOrMin(KafkaRecords.toRaw(r)));
      }
    }
    return newest;
  }

  private static boolean reached(
      KafkaConsumer<?, ?> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
