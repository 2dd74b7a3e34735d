package dev.sluice.bench;

import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.RecordPump;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates topics and fills them with the workload: pre-filled for throughput, paced for latency.
 */
public final class WorkloadLoader {

  private final String bootstrap;

  public WorkloadLoader(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** What was written: records in total and the newest event time of the main stream. */
  public record Loaded(String topic, long records, long maxEventTimeMillis) {}

  /**
   * Output topics stamp each record with the broker's append time: the latency figure is append
   * time minus window end, and a producer-set timestamp would be the contender's own clock.
   */
  public void createTopic(String name, boolean logAppendTime) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      NewTopic topic = new NewTopic(name, Workload.PARTITIONS, (short) 1);
      if (logAppendTime) {
        topic.configs(Map.of("message.timestamp.type", "LogAppendTime"));
      }
      admin.createTopics(java.util.List.of(topic)).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  public void deleteTopic(String name) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.deleteTopics(java.util.List.of(name)).all().get();
    } catch (Exception e) {
      System.err.println("bench: could not delete topic " + name + ": " + e.getMessage());
    }
  }

  /** Main stream with far-late events mixed into its second half, then the sentinels. */
  public Loaded prefill(String topic, Workload workload, PrintWriter progress) {
    createTopic(topic, false);
    GeneratorConfig main = workload.mainStream();
    Iterator<GeneratedRecord> mainRecords = new EventGenerator(main);
    Iterator<GeneratedRecord> farLate =
        new EventGenerator(workload.farLateStream(main.startTime()));
    long farLateCount = workload.farLateEvents();
    long firstHalf = workload.events() / 2;
    double spacing =
        farLateCount == 0
            ? Double.MAX_VALUE
            : (workload.events() - firstHalf) / (double) farLateCount;
    long[] maxEventTime = {Long.MIN_VALUE};
    Iterator<GeneratedRecord> mixed =
        new Iterator<>() {
          long mainDone;
          long farDone;

          @Override
          public boolean hasNext() {
            return mainRecords.hasNext() || (farDone < farLateCount && farLate.hasNext());
          }

          @Override
          public GeneratedRecord next() {
            boolean farTurn =
                mainDone >= firstHalf + farDone * spacing
                    && farDone < farLateCount
                    && farLate.hasNext();
            if (farTurn || !mainRecords.hasNext()) {
              farDone++;
              return farLate.next();
            }
            mainDone++;
            GeneratedRecord r = mainRecords.next();
            maxEventTime[0] = Math.max(maxEventTime[0], r.eventTime().toEpochMilli());
            return r;
          }
        };
    long total = workload.events() + farLateCount;
    try (KafkaEventWriter writer = new KafkaEventWriter(producerTuning(), topic)) {
      writer.writeAll(mixed, total, 0, progress);
    }
    writeMarkers(topic, Semantics.SENTINEL_KEY, maxEventTime[0] + 600_000);
    return new Loaded(topic, total + Workload.PARTITIONS, maxEventTime[0]);
  }

  /**
   * A scenario row's input as {@code generate --scenario} writes it (keyed as the generator keys
   * it, in arrival order), no sentinels: the pipelines' bounded reads emit everything at the end.
   */
  public Loaded prefillScenario(String topic, ScenarioWorkload workload, PrintWriter progress) {
    createTopic(topic, false);
    ScenarioWorkload.Records records = workload.records();
    long written;
    try (KafkaEventWriter writer = new KafkaEventWriter(producerTuning(), topic)) {
      written = writer.writeAll(records.records(), records.expected(), 0, progress).total();
    }
    return new Loaded(topic, written, workload.endMillis());
  }

  /** Paced input for the latency runs; the caller writes the markers around it. */
  public long pace(String topic, GeneratorConfig paced, double rate, PrintWriter progress) {
    long[] maxEventTime = {Long.MIN_VALUE};
    try (KafkaEventWriter writer =
        new KafkaEventWriter(Map.of("bootstrap.servers", bootstrap), topic)) {
      RecordPump.run(
          new EventGenerator(paced),
          paced.count(),
          rate,
          progress,
          r -> {
            maxEventTime[0] = Math.max(maxEventTime[0], r.eventTime().toEpochMilli());
            writer.accept(r);
          });
      writer.flush();
    }
    return maxEventTime[0];
  }

  /**
   * One valid CloudEvent with the given key and time to every partition: the far-future sentinel
   * (closes all windows, also Kafka Streams'), or the warm-up record of a latency run.
   */
  public void writeMarkers(String topic, String key, long eventTimeMillis) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int partition = 0; partition < Workload.PARTITIONS; partition++) {
        String json =
            "{\"specversion\":\"1.0\",\"id\":\""
                + key
                + "-"
                + partition
                + "-"
                + eventTimeMillis
                + "\",\"source\":\"/bench\",\"type\":\"sensor.reading\",\"time\":\""
                + Instant.ofEpochMilli(eventTimeMillis)
                + "\",\"subject\":\""
                + key
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"value\":0.0}}";
        producer.send(
            new ProducerRecord<>(
                topic,
                partition,
                key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Pre-filling is not measured: large batches load 2M records in seconds. */
  private Map<String, Object> producerTuning() {
    return Map.of(
        "bootstrap.servers",
        bootstrap,
        "linger.ms",
        20,
        "batch.size",
        262_144,
        "compression.type",
        "none");
  }
}
