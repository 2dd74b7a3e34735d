package dev.sluice.time;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * One partition's event time, in offset order: the watermark is the largest valid event time seen
 * minus the out-of-orderness bound, and a valid event whose window had already expired by it when
 * read is stamped {@link LateMarker#TIMESTAMP}. Shared by {@code EventTimePolicy} (KafkaIO's read)
 * and {@code KafkaReplaySource} (the Direct runner's replay), so both mark the same events.
 */
public final class PartitionWatermark {

  /** Null when late events are not told apart. */
  private final EventWindows windows;

  private final long boundMillis;
  private long watermark;
  private long maxEventTime = Long.MIN_VALUE;

  public PartitionWatermark(
      EventWindows windows, Duration maxOutOfOrderness, long initialWatermark) {
    this.windows = windows;
    this.boundMillis = maxOutOfOrderness.getMillis();
    this.watermark = initialWatermark;
  }

  /**
   * The timestamp of the next record in this partition, given its event time (MIN when invalid).
   */
  public Instant stamp(long eventTimeMillis) {
    if (eventTimeMillis == Long.MIN_VALUE) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    long current =
        maxEventTime == Long.MIN_VALUE
            ? watermark
            : Math.max(watermark, maxEventTime - boundMillis);
    maxEventTime = Math.max(maxEventTime, eventTimeMillis);
    if (windows != null && windows.expiryOf(eventTimeMillis).getMillis() < current) {
      return LateMarker.TIMESTAMP;
    }
    return new Instant(eventTimeMillis);
  }

  /** Takes in what was read so far and returns the watermark. */
  public long advance() {
    if (maxEventTime != Long.MIN_VALUE) {
      watermark = Math.max(watermark, maxEventTime - boundMillis);
    }
    return watermark;
  }

  /** The watermark including what was read so far, without moving it (for reporting). */
  public long current() {
    return maxEventTime == Long.MIN_VALUE
        ? watermark
        : Math.max(watermark, maxEventTime - boundMillis);
  }

  /** Moves the watermark up to {@code millis} (idleness, end of a replay); never back. */
  public long raiseTo(long millis) {
    watermark = Math.max(watermark, millis);
    return watermark;
  }
}
