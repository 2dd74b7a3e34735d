package dev.sluice.kafka;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.time.EventWindows;
import dev.sluice.time.PartitionWatermark;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A bounded replay of topics for the Direct runner: each partition from its begin to its stop
 * offset (fixed when the pipeline is built), one split per partition, read in offset order by a
 * plain consumer (read_committed, no group). Records are stamped by {@link PartitionWatermark}, so
 * the events marked late are the ones KafkaIO's replay with {@link EventTimePolicy} marks.
 *
 * <p>Why not KafkaIO: its read is unbounded, and the Direct runner reads an unbounded source a few
 * records per bundle, so the whole pipeline crawls. A bounded source is read a split per bundle. It
 * never splits dynamically: the rest of a partition would lose the watermark read so far.
 */
final class KafkaReplaySource extends BoundedSource<RawRecord> {

  private static final long serialVersionUID = 1L;

  /** A rough record size; only used to tell the runner how big a split is. */
  private static final long BYTES_PER_RECORD = 200;

  /** No progress for this long (broker gone, a transaction left open) fails the replay. */
  private static final java.time.Duration STALL_TIMEOUT = java.time.Duration.ofMinutes(2);

  /** Records between two updates of a partition's watermark and lag gauges. */
  private static final int PUBLISH_EVERY = 1000;

  /** One topic partition's offsets to replay, stop exclusive. */
  record Range(String topic, int partition, long begin, long stop) implements Serializable {}

  private final String bootstrapServers;
  private final HashMap<String, Object> consumerProperties;
  private final EventParser parser;
  private final EventWindows windows;
  private final Duration maxOutOfOrderness;
  private final List<Range> ranges;

  KafkaReplaySource(
      String bootstrapServers,
      Map<String, Object> consumerProperties,
      EventParser parser,
      EventWindows windows,
      Duration maxOutOfOrderness,
      List<Range> ranges) {
    this.bootstrapServers = bootstrapServers;
    this.consumerProperties = new HashMap<>(consumerProperties);
    this.parser = parser;
    this.windows = windows;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.ranges = List.copyOf(ranges);
  }

  @Override
  public List<KafkaReplaySource> split(long desiredBundleSizeBytes, PipelineOptions options) {
    if (ranges.size() <= 1) {
      return List.of(this);
    }
    return ranges.stream()
        .map(
            r ->
                new KafkaReplaySource(
                    bootstrapServers,
                    consumerProperties,
                    parser,
                    windows,
                    maxOutOfOrderness,
                    List.of(r)))
        .toList();
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) {
    return ranges.stream().mapToLong(r -> r.stop() - r.begin()).sum() * BYTES_PER_RECORD;
  }

  @Override
  public Coder<RawRecord> getOutputCoder() {
    return RawRecordCoder.of();
  }

  @Override
  public BoundedReader<RawRecord> createReader(PipelineOptions options) {
    return new Reader(this);
  }

  /** No group: a replay starts at its begin offsets, whatever a group has committed. */
  private KafkaConsumer<byte[], byte[]> consumer() {
    return PartitionOffsets.withoutGroup(
        bootstrapServers,
        consumerProperties,
        Map.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            // Input written by another exactly-once job: aborted and open transactions stay unseen.
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
  }

  /** Reads the source's partitions one after another, each in offset order. */
  private static final class Reader extends BoundedReader<RawRecord> {
    private final KafkaReplaySource source;
    private final Iterator<Range> pending;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Range range;
    private TopicPartition partition;
    private PartitionWatermark watermark;
    private PartitionGauges gauges = PartitionGauges.NONE;
    private long unpublished;
    private Iterator<ConsumerRecord<byte[], byte[]>> batch = Collections.emptyIterator();
    private RawRecord current;
    private Instant timestamp;

    Reader(KafkaReplaySource source) {
      this.source = source;
      this.pending = source.ranges.iterator();
    }

    @Override
    public boolean start() throws IOException {
      consumer = source.consumer();
      return advance();
    }

    @Override
    public boolean advance() throws IOException {
      long lastProgress = System.nanoTime();
      long position = -1;
      while (true) {
        while (batch.hasNext()) {
          ConsumerRecord<byte[], byte[]> r = batch.next();
          if (r.offset() < range.stop()) {
            current = KafkaRecords.toRaw(r);
            timestamp = watermark.stamp(source.parser.eventTimeOrMin(current));
            // A gauge update per record would cost more than the stamping.
            if (++unpublished >= PUBLISH_EVERY || r.offset() == range.stop() - 1) {
              gauges.publish(watermark.advance(), range.stop() - r.offset() - 1);
              unpublished = 0;
            }
            return true;
          }
        }
        if (range == null || consumer.position(partition) >= range.stop()) {
          if (range != null) {
            gauges.publish(watermark.advance(), 0);
          }
          if (!nextRange()) {
            current = null;
            return false;
          }
          continue;
        }
        long now = consumer.position(partition);
        if (now != position) {
          position = now;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
          throw new IOException(
              "replay of "
                  + partition
                  + " made no progress for "
                  + STALL_TIMEOUT.toSeconds()
                  + " s at offset "
                  + now
                  + " (stop offset "
                  + range.stop()
                  + ")");
        }
        batch = consumer.poll(java.time.Duration.ofMillis(500)).records(partition).iterator();
      }
    }

    private boolean nextRange() {
      if (!pending.hasNext()) {
        return false;
      }
      range = pending.next();
      partition = new TopicPartition(range.topic(), range.partition());
      consumer.assign(List.of(partition));
      consumer.seek(partition, range.begin());
      watermark =
          new PartitionWatermark(
              source.windows,
              source.maxOutOfOrderness,
              BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis());
      gauges = new PartitionGauges("replay", range.topic(), range.partition());
      unpublished = 0;
      batch = Collections.emptyIterator();
      return true;
    }

    @Override
    public RawRecord getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return timestamp;
    }

    @Override
    public void close() {
      if (consumer != null) {
        consumer.close();
      }
    }

    @Override
    public KafkaReplaySource getCurrentSource() {
      return source;
    }
  }
}
