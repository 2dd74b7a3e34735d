package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records at least once with a plain producer, as KafkaIO's writer of the same name does,
 * except for a record Kafka refuses for itself (larger than the producer's max.request.size or the
 * topic's max.message.bytes, or invalid for the topic): that one is counted in {@value
 * #WRITES_FAILED} and logged, because a retry would fail the same way forever and, in streaming,
 * every restart would die on it. Any other error (broker gone, not authorised) fails the bundle,
 * which the runner retries.
 */
public final class KafkaWriter extends DoFn<RawRecord, Void> {

  /** Records Kafka refused; a counter in the run summary. */
  public static final String WRITES_FAILED = "writes_failed";

  static final Logger LOG = LoggerFactory.getLogger(KafkaWriter.class);

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final Counter writesFailed = Metrics.counter("sluice", WRITES_FAILED);

  private transient KafkaProducer<byte[], byte[]> producer;
  // Filled by the producer's I/O thread; drained here, where Beam counters work.
  private transient Queue<String> refused;
  private transient AtomicReference<Exception> failure;

  public KafkaWriter(
      String bootstrapServers, String topic, Map<String, Object> producerProperties) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
  }

  @Setup
  public void setup() {
    Map<String, Object> props = new HashMap<>(producerProperties);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    refused = new ConcurrentLinkedQueue<>();
    failure = new AtomicReference<>();
  }

  @ProcessElement
  public void process(@Element RawRecord r) throws Exception {
    settle();
    RecordHeaders headers = new RecordHeaders();
    r.headers().forEach(h -> headers.add(h.name(), h.value()));
    int size = sizeInKafka(r, headers);
    String what =
        "a record of "
            + size
            + " bytes for "
            + topic
            + (r.offset() >= 0 ? " (dead letter of " + r + ")" : "");
    producer.send(
        new ProducerRecord<>(topic, null, null, r.key(), r.value(), headers),
        (metadata, e) -> {
          if (e == null) {
            return;
          }
          if (refusedForItself(e)) {
            refused.add(what + ": " + e);
          } else {
            failure.compareAndSet(null, e);
          }
        });
  }

  @FinishBundle
  public void finishBundle() throws Exception {
    producer.flush();
    settle();
  }

  /** Counts what Kafka refused so far; rethrows any other failure. */
  private void settle() throws Exception {
    for (String what = refused.poll(); what != null; what = refused.poll()) {
      writesFailed.inc();
      LOG.warn("Kafka refused {}; counted in {}, not retried", what, WRITES_FAILED);
    }
    Exception e = failure.getAndSet(null);
    if (e != null) {
      throw new java.io.IOException("writing to Kafka topic " + topic + " failed: " + e, e);
    }
  }

  @Teardown
  public void teardown() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** The size the producer checks against max.request.size (uncompressed upper bound). */
  static int sizeInKafka(RawRecord r, Headers headers) {
    return AbstractRecords.estimateSizeInBytesUpperBound(
        RecordBatch.CURRENT_MAGIC_VALUE,
        CompressionType.NONE,
        r.key(),
        r.value(),
        headers.toArray());
  }

  /** Errors about the record itself, the same on every retry. */
  static boolean refusedForItself(Exception e) {
    return e instanceof RecordTooLargeException
        || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidRecordException
        || e instanceof CorruptRecordException;
  }
}
