package dev.sluice.bench;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.transforms.ParseEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A pipeline's work without a framework, for the scenario rows' comparison: one KafkaConsumer
 * thread per input partition reads to the end offsets found at start and parses each record with
 * the pipeline's own parser; dead letters go out in the pipeline's default format; each valid event
 * goes to {@link #accept} on its partition's thread; {@link #finish} runs once all are read. At the
 * end it prints the pipeline's accounting line from its own counters and exits.
 */
abstract class PlainLoop {

  private final AtomicLong read = new AtomicLong();
  private final AtomicLong valid = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** One valid event, on the reading thread of its partition. */
  protected abstract void accept(Event event, KafkaProducer<byte[], byte[]> out);

  /** After every partition was read to its end, on the main thread. */
  protected void finish(KafkaProducer<byte[], byte[]> out) {}

  /** Adds to one of the pipeline's counters (by its name in the accounting line). */
  protected final void count(String counter, long n) {
    counters.computeIfAbsent(counter, c -> new AtomicLong()).addAndGet(n);
  }

  /** False for a repeat of (source, id) already accepted: the pipelines' de-dup key. */
  protected final boolean firstTime(Event e) {
    return seen.add(e.source() + '\u0000' + e.id());
  }

  /**
   * Reads the input topics of {@code options} with {@code parser}, then prints {@code spec}'s
   * accounting line and exits (1 on a failure).
   */
  final void run(SluiceOptions options, EventParser parser, PipelineSpec<?> spec) {
    String bootstrap = options.getBootstrapServers();
    String deadLetterTopic = options.getDeadLetterTopic();
    Accounting accounting = spec.accounting();
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Thread> threads = new ArrayList<>();
      for (TopicPartition tp : partitions(bootstrap, options.getInputTopic())) {
        Thread t =
            new Thread(
                () -> read(bootstrap, tp, parser, deadLetterTopic, producer), "plain-loop-" + tp);
        t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      if (failures.isEmpty()) {
        finish(producer);
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(e);
    } catch (RuntimeException e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      failures.get(0).printStackTrace();
      System.exit(1);
    }
    Map<String, Long> totals = new LinkedHashMap<>();
    totals.put(SluiceMetrics.READ, read.get());
    totals.put(SluiceMetrics.VALID, valid.get());
    totals.put(SluiceMetrics.INVALID, invalid.get());
    counters.forEach((name, n) -> totals.put(name, n.get()));
    System.out.println(
        accounting.line(new RunSummary("plain-loop", "none", null, Duration.ZERO, totals)));
    System.exit(0);
  }

  private void read(
      String bootstrap,
      TopicPartition tp,
      EventParser parser,
      String deadLetterTopic,
      KafkaProducer<byte[], byte[]> producer) {
    DeadLetterFormat format = DeadLetterFormat.raw();
    try (KafkaConsumer<byte[], byte[]> consumer = LimitLoop.consumer(bootstrap)) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= end) {
            continue;
          }
          read.incrementAndGet();
          RawRecord record = KafkaRecords.toRaw(r);
          ParseResult result = parser.parse(record);
          if (result.isValid()) {
            valid.incrementAndGet();
            accept(result.event(), producer);
          } else {
            invalid.incrementAndGet();
            DeadLetter d = new DeadLetter(record, result.error(), ParseEvents.STAGE, Instant.now());
            producer.send(record(deadLetterTopic, format.toRecord(d)));
          }
        }
      }
    }
  }

  private static List<TopicPartition> partitions(String bootstrap, List<String> topics) {
    List<TopicPartition> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = LimitLoop.consumer(bootstrap)) {
      for (String topic : topics) {
        c.partitionsFor(topic).forEach(pi -> all.add(new TopicPartition(topic, pi.partition())));
      }
    }
    return all;
  }

  /** A Kafka record of {@code r}'s key, value and headers, to {@code topic}. */
  static ProducerRecord<byte[], byte[]> record(String topic, RawRecord r) {
    List<Header> headers = new ArrayList<>();
    for (RawRecord.Header h : r.headers()) {
      headers.add(new RecordHeader(h.name(), h.value()));
    }
    return new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers);
  }

  /** A Kafka record of a text key and value, as the pipelines write their results. */
  static ProducerRecord<byte[], byte[]> text(String topic, String key, String value) {
    return new ProducerRecord<>(
        topic,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }
}
