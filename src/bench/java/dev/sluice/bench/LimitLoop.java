package dev.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The limit: one plain KafkaConsumer loop per partition (poll, parse, aggregate in a HashMap), no
 * framework. Each loop keeps its partition's watermark (largest event time minus the bound), emits
 * a window when the watermark passes its end, re-emits it for each late event within the allowed
 * lateness, and forgets it after that; events for forgotten windows are dropped. The input is
 * partitioned by key, so per-partition maps need no shuffle.
 *
 * <p>Flags: {@code --bootstrapServers --inputTopic --outputTopic [--bounded=true]}. Bounded: read
 * to the end offsets found at start, emit what is still open, exit.
 */
public final class LimitLoop {

  private LimitLoop() {}

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    String bootstrap = flags.get("bootstrapServers");
    String input = flags.get("inputTopic");
    Properties producerProps = new Properties();
    producerProps.put("bootstrap.servers", bootstrap);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      List<Thread> loops = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (TopicPartition tp : partitions(bootstrap, input)) {
        PartitionLoop loop =
            new PartitionLoop(
                bootstrap, tp, flags.get("outputTopic"), flags.bool("bounded"), producer);
        Thread t = new Thread(loop, "limit-" + tp);
        t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
        loops.add(t);
        t.start();
      }
      for (Thread t : loops) {
        t.join();
      }
      producer.flush();
      if (!failures.isEmpty()) {
        failures.get(0).printStackTrace();
        System.exit(1);
      }
    }
    System.exit(0);
  }

  private static List<TopicPartition> partitions(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
      return c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    }
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, PollProbe.class.getName());
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** One partition: its own consumer, watermark and windows. */
  static final class PartitionLoop implements Runnable {
    private final String bootstrap;
    private final TopicPartition tp;
    private final String output;
    private final boolean bounded;
    private final KafkaProducer<String, String> producer;

    /** Open windows by start; a window is fired once the watermark passed its end. */
    private final TreeMap<Long, Map<String, WindowAgg>> open = new TreeMap<>();

    private long firedUpTo = Long.MIN_VALUE;
    private long maxEventTime = Long.MIN_VALUE;

    PartitionLoop(
        String bootstrap,
        TopicPartition tp,
        String output,
        boolean bounded,
        KafkaProducer<String, String> producer) {
      this.bootstrap = bootstrap;
      this.tp = tp;
      this.output = output;
      this.bounded = bounded;
      this.producer = producer;
    }

    @Override
    public void run() {
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = bounded ? consumer.endOffsets(List.of(tp)).get(tp) : Long.MAX_VALUE;
        while (consumer.position(tp) < end) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
          for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.offset() < end) {
              accept(Reading.parse(r.value()));
            }
          }
          advance();
        }
        // Bounded input is complete: every open window is final.
        for (Map.Entry<Long, Map<String, WindowAgg>> w : open.entrySet()) {
          if (w.getKey() >= firedUpTo) {
            w.getValue().forEach((key, agg) -> send(key, w.getKey(), agg, "ON_TIME"));
          }
        }
      }
    }

    private long watermark() {
      return maxEventTime == Long.MIN_VALUE
          ? Long.MIN_VALUE
          : maxEventTime - Semantics.OUT_OF_ORDERNESS_MS;
    }

    private void accept(Reading r) {
      if (r == null) {
        return;
      }
      long start = Semantics.windowStart(r.timeMillis);
      long expiry = start + Semantics.WINDOW_MS - 1 + Semantics.ALLOWED_LATENESS_MS;
      if (maxEventTime != Long.MIN_VALUE && expiry < watermark()) {
        return; // too late: the window is gone
      }
      maxEventTime = Math.max(maxEventTime, r.timeMillis);
      WindowAgg agg =
          open.computeIfAbsent(start, s -> new HashMap<>())
              .computeIfAbsent(r.key, k -> new WindowAgg());
      agg.add(r.value);
      if (start < firedUpTo) {
        send(r.key, start, agg, "LATE");
      }
    }

    /** Fires the windows whose end the watermark passed and forgets the expired ones. */
    private void advance() {
      long watermark = watermark();
      if (watermark == Long.MIN_VALUE) {
        return;
      }
      for (Iterator<Map.Entry<Long, Map<String, WindowAgg>>> it = open.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Long, Map<String, WindowAgg>> w = it.next();
        long start = w.getKey();
        if (start + Semantics.WINDOW_MS > watermark) {
          break;
        }
        if (start >= firedUpTo) {
          w.getValue().forEach((key, agg) -> send(key, start, agg, "ON_TIME"));
        }
        if (start + Semantics.WINDOW_MS - 1 + Semantics.ALLOWED_LATENESS_MS < watermark) {
          it.remove();
        }
      }
      firedUpTo =
          Math.max(
              firedUpTo,
              Semantics.windowStart(watermark - Semantics.WINDOW_MS) + Semantics.WINDOW_MS);
    }

    private void send(String key, long windowStart, WindowAgg agg, String timing) {
      producer.send(new ProducerRecord<>(output, key, agg.toJson(key, windowStart, timing)));
    }
  }
}
