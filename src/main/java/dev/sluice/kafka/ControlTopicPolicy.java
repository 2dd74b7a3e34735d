package dev.sluice.kafka;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Event time for a control topic read next to the events (a router's rules): each record is stamped
 * with its Kafka timestamp. While the partition has records not yet read, its watermark stays at
 * the last one read, so the job's watermark cannot pass a control record that is waiting to be
 * read; once caught up, it adopts the frontier of the event partitions, so a control topic that
 * rarely changes never holds the job back.
 */
final class ControlTopicPolicy extends TimestampPolicy<byte[], byte[]> {

  private final LongSupplier frontier;
  private final long beginOffset;
  private final long stopOffset;
  private long watermark;
  private long lastTimestamp = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
  private long lastOffset = -1;

  ControlTopicPolicy(
      LongSupplier frontier, Optional<Instant> previous, long beginOffset, long stopOffset) {
    this.frontier = frontier;
    this.watermark = previous.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE).getMillis();
    this.beginOffset = beginOffset;
    this.stopOffset = stopOffset;
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    lastOffset = Math.max(lastOffset, record.getOffset());
    lastTimestamp = Math.max(lastTimestamp, record.getTimestamp());
    return new Instant(Math.max(record.getTimestamp(), watermark));
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    if (stopOffset != Long.MAX_VALUE
        && (beginOffset >= stopOffset || lastOffset >= stopOffset - 1)) {
      watermark = BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis();
    } else if (ctx.getMessageBacklog() == 0) {
      watermark = Math.max(watermark, frontier.getAsLong());
    } else {
      watermark = Math.max(watermark, lastTimestamp);
    }
    return new Instant(watermark);
  }
}
