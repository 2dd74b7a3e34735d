package dev.sluice.bench;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.RunSummary;
import dev.sluice.pipelines.router.RouterPipeline;
import dev.sluice.pipelines.router.RuleSet;
import dev.sluice.rules.EventFields;
import dev.sluice.transforms.ParseEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The router's work without a framework, for its bench row: one KafkaConsumer loop per partition
 * parses each record with Sluice's parser, routes it by the startup rule set (the router's own
 * {@link RuleSet}) and writes the original record to every chosen topic with the router's headers,
 * dead letters in the router's default format. It takes the router's flags (its options parse them)
 * and uses those of its input and outputs. No rule changes arrive during a bench run, so it routes
 * at once instead of waiting for the watermark; it writes the same copies to the same topics.
 * Bounded: reads to the end offsets found at start, prints the router's accounting line, exits.
 */
public final class RouterLoop {

  private static final String VERSION_HEADER = "sluice_rules_version";

  private final AtomicLong read = new AtomicLong();
  private final AtomicLong valid = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();
  private final AtomicLong routed = new AtomicLong();
  private final AtomicLong copies = new AtomicLong();

  private RouterLoop() {}

  public static void main(String[] args) throws Exception {
    // The router's own options and parser, so the loop checks each record as the router does.
    RouterPipeline.Options options = RouterPipeline.SPEC.parse(args);
    String bootstrap = options.getBootstrapServers();
    List<String> inputs = options.getInputTopic();
    RuleSet rules = RuleSet.parse(Files.readString(Path.of(options.getRulesFile())));
    EventParser parser = Ingest.parser(options);
    String deadLetters = options.getDeadLetterTopic();
    RouterLoop loop = new RouterLoop();
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (TopicPartition tp : partitions(bootstrap, inputs)) {
        Thread t =
            new Thread(
                () -> loop.run(bootstrap, tp, parser, rules, deadLetters, producer),
                "router-loop-" + tp);
        t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      producer.flush();
    }
    if (!failures.isEmpty()) {
      failures.get(0).printStackTrace();
      System.exit(1);
    }
    System.out.println(RouterPipeline.SPEC.accounting().line(loop.summary()));
    System.exit(0);
  }

  private RunSummary summary() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put(SluiceMetrics.READ, read.get());
    counters.put(SluiceMetrics.VALID, valid.get());
    counters.put(SluiceMetrics.INVALID, invalid.get());
    counters.put("events_routed", routed.get());
    counters.put("records_routed", copies.get());
    return new RunSummary("router-loop", "none", null, Duration.ZERO, counters);
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

  private void run(
      String bootstrap,
      TopicPartition tp,
      EventParser parser,
      RuleSet rules,
      String deadLetters,
      KafkaProducer<byte[], byte[]> producer) {
    DeadLetterFormat format = DeadLetterFormat.raw();
    byte[] version = Long.toString(rules.version()).getBytes(StandardCharsets.UTF_8);
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
          if (!result.isValid()) {
            invalid.incrementAndGet();
            DeadLetter d = new DeadLetter(record, result.error(), ParseEvents.STAGE, Instant.now());
            producer.send(toProducer(deadLetters, format.toRecord(d)));
            continue;
          }
          valid.incrementAndGet();
          routed.incrementAndGet();
          List<RawRecord.Header> headers = new ArrayList<>(record.headers());
          headers.add(new RawRecord.Header(VERSION_HEADER, version));
          headers.add(
              new RawRecord.Header(
                  LateEvent.ORIGIN_HEADER,
                  (record.topic() + "/" + record.partition() + "/" + record.offset())
                      .getBytes(StandardCharsets.UTF_8)));
          for (String topic : rules.route(new EventFields(result.event()))) {
            copies.incrementAndGet();
            producer.send(
                toProducer(
                    topic, new RawRecord(topic, -1, -1, 0, record.key(), record.value(), headers)));
          }
        }
      }
    }
  }

  private static ProducerRecord<byte[], byte[]> toProducer(String topic, RawRecord r) {
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
    for (RawRecord.Header h : r.headers()) {
      headers.add(new RecordHeader(h.name(), h.value()));
    }
    return new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers);
  }
}
