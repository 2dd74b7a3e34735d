package dev.sluice.chaos;

import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.LiveStream;
import dev.sluice.generator.RecordPump;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a workload's live events (late ones, repeats and malformed records included) at a steady
 * rate with event time following the wall clock, until stopped; then closes every window with one
 * far-ahead sentinel event per partition, which itself stays in a window that never closes.
 */
final class SteadyProducer implements AutoCloseable {

  /** Far enough ahead of the last event to close its window, its lateness and the bound. */
  static final Duration SENTINEL_LEAD = Duration.ofMinutes(3);

  private final Map<String, Object> client;
  private final String topic;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private final Thread thread;
  private final LiveStream events;
  private volatile Exception failure;

  SteadyProducer(Map<String, Object> client, String topic, LiveStream events, double rate) {
    this.client = client;
    this.topic = topic;
    this.events = events;
    Iterator<GeneratedRecord> untilStopped =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return !stop.get() && events.hasNext();
          }

          @Override
          public GeneratedRecord next() {
            written.incrementAndGet();
            return events.next();
          }
        };
    thread =
        new Thread(
            () -> {
              try (KafkaEventWriter writer = new KafkaEventWriter(client, topic)) {
                RecordPump.run(untilStopped, 0, rate, null, writer);
                writer.flush();
              } catch (Exception e) {
                failure = e;
              }
            },
            "chaos-producer");
    thread.setDaemon(true);
    thread.start();
  }

  long written() {
    return written.get();
  }

  /** Stops the events, waits until they are all in Kafka, then writes the sentinels. */
  void stopAndCloseWindows() throws Exception {
    stop.set(true);
    thread.join(Duration.ofMinutes(3).toMillis());
    if (failure != null) {
      throw failure;
    }
    java.time.Instant time = java.time.Instant.now().plus(SENTINEL_LEAD);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      int partitions = producer.partitionsFor(topic).size();
      for (int p = 0; p < partitions; p++) {
        producer.send(new ProducerRecord<>(topic, p, null, events.sentinel(p, time))).get();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(Duration.ofSeconds(30).toMillis());
  }
}
