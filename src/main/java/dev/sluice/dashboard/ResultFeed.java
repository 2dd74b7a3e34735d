package dev.sluice.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the charts' topics from their beginning, as a downstream consumer would (read_committed: an
 * exactly-once run's aborted writes never show), and turns each record into the points of the
 * charts that read its topic. A topic that does not exist yet is waited for, so the dashboard may
 * start before the pipeline. No consumer group: the dashboard commits nothing.
 */
final class ResultFeed implements Runnable, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TOPIC_RECHECK = Duration.ofSeconds(2);

  private final Map<String, Object> clientProps;
  private final List<ChartData> charts;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile Set<String> waitingFor;
  private volatile boolean closed;
  private final Thread thread;

  ResultFeed(Map<String, Object> clientProps, List<ChartData> charts) {
    this.clientProps = clientProps;
    this.charts = charts;
    this.waitingFor = topics();
    this.thread = new Thread(this, "sluice-dashboard-feed");
    thread.setDaemon(true);
  }

  /** Checks the broker answers (one line naming the fix if not), then reads in the background. */
  ResultFeed start() {
    Topics.list(clientProps);
    thread.start();
    return this;
  }

  long records() {
    return records.get();
  }

  /** Records that were not JSON: skipped, and counted so the page says so. */
  long unreadable() {
    return unreadable.get();
  }

  Set<String> waitingFor() {
    return waitingFor;
  }

  private Set<String> topics() {
    Set<String> all = new TreeSet<>();
    charts.forEach(c -> all.addAll(c.chart().topics()));
    return all;
  }

  @Override
  public void run() {
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      Set<TopicPartition> assigned = new TreeSet<>(ResultFeed::compare);
      long nextCheck = 0;
      while (!closed) {
        if (!waitingFor.isEmpty() && System.nanoTime() >= nextCheck) {
          assignNew(consumer, assigned);
          nextCheck = System.nanoTime() + TOPIC_RECHECK.toNanos();
        }
        if (assigned.isEmpty()) {
          sleep();
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          take(r);
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      // closed while polling
    }
  }

  private void assignNew(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> assigned) {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(5));
    Set<String> missing = new TreeSet<>();
    List<TopicPartition> added = new ArrayList<>();
    for (String topic : topics()) {
      List<PartitionInfo> parts = existing.get(topic);
      if (parts == null || parts.isEmpty()) {
        missing.add(topic);
        continue;
      }
      parts.forEach(
          p -> {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            if (assigned.add(tp)) {
              added.add(tp);
            }
          });
    }
    if (!added.isEmpty()) {
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
    }
    waitingFor = missing;
  }

  private void take(ConsumerRecord<byte[], byte[]> r) {
    records.incrementAndGet();
    JsonNode value;
    try {
      value = r.value() == null ? null : JSON.readTree(r.value());
    } catch (IOException e) {
      value = null;
    }
    if (value == null || !value.isObject()) {
      unreadable.incrementAndGet();
      return;
    }
    String id = r.topic() + "-" + r.partition() + "@" + r.offset();
    for (ChartData chart : charts) {
      if (chart.chart().topics().contains(r.topic())) {
        chart.add(chart.chart().points(value, r.topic(), id));
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(TOPIC_RECHECK.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(5_000);
  }
}
