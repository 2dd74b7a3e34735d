package dev.sluice.io;

import dev.sluice.event.EventParser;
import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time for the streaming read: each record is stamped with its CloudEvent {@code time}; a
 * partition's watermark is the largest valid event time it has seen minus the out-of-orderness
 * bound. Invalid records get the minimum timestamp, so they can never move the watermark.
 */
public final class EventTimePolicy extends TimestampPolicy<byte[], byte[]> {

  private final EventParser parser;
  private final Duration maxOutOfOrderness;
  private Instant watermark;
  private Instant maxEventTime = BoundedWindow.TIMESTAMP_MIN_VALUE;

  EventTimePolicy(EventParser parser, Duration maxOutOfOrderness, Optional<Instant> previousWatermark) {
    this.parser = parser;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  public static TimestampPolicyFactory<byte[], byte[]> factory(EventParser parser, Duration maxOutOfOrderness) {
    return (TopicPartition tp, Optional<Instant> previous) -> new EventTimePolicy(parser, maxOutOfOrderness, previous);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    long millis = parser.eventTimeOrMin(KafkaRecords.toRaw(record));
    if (millis == Long.MIN_VALUE) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    Instant t = new Instant(millis);
    if (t.isAfter(maxEventTime)) {
      maxEventTime = t;
    }
    return t;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    if (maxEventTime.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      Instant candidate = maxEventTime.minus(maxOutOfOrderness);
      if (candidate.isAfter(watermark)) {
        watermark = candidate;
      }
    }
    return watermark;
  }
}
