package dev.sluice.generator;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends generated records to one topic as they are: key, value bytes and headers untouched, so
 * duplicates and malformed records reach Kafka exactly as generated.
 */
public final class KafkaEventWriter implements Consumer<GeneratedRecord>, AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  /** The first failed send; sends are asynchronous, so it surfaces on the next call. */
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * @param clientProperties at least {@code bootstrap.servers}; they override the defaults here
   *     ({@code acks=all}, {@code linger.ms=5})
   */
  public KafkaEventWriter(Map<String, Object> clientProperties, String topic) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putAll(clientProperties);
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    try {
      // Fetch metadata now: an unreachable broker or missing topic fails here, not mid-stream,
      // and the first send does not stall the pacing.
      producer.partitionsFor(topic);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /** Sends all records at the given rate (0: as fast as possible), then flushes. */
  public RecordCounts writeAll(
      Iterator<GeneratedRecord> records, long total, double ratePerSecond, PrintWriter progress) {
    RecordCounts counts = RecordPump.run(records, total, ratePerSecond, progress, this);
    flush();
    return counts;
  }

  @Override
  public void accept(GeneratedRecord record) {
    throwIfFailed();
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(
            topic, null, null, record.keyBytes(), record.value(), record.kafkaHeaders());
    producer.send(
        out,
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Waits until every record sent so far is acknowledged; throws if any send failed. */
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new KafkaException("sending to " + topic + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
