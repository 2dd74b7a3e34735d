package dev.sluice.kinesis;

import dev.sluice.time.EventWindows;
import dev.sluice.time.PartitionWatermark;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The event time of one Kinesis reader's shards, as the Kafka read keeps it per partition: each
 * record is stamped with its CloudEvent time (the minimum when invalid, {@code
 * LateMarker.TIMESTAMP} when its window had expired by its shard's watermark), and a shard's
 * watermark is its largest valid event time minus the out-of-orderness bound. The reader's
 * watermark is the minimum over its shards.
 *
 * <p>Idleness as on Kafka: a shard silent for {@code idleTimeout} adopts the highest watermark of
 * the others instead of holding them back; when all are silent the watermark stays where the data
 * left it. The reader does not know its shards until they deliver, so for the first {@code
 * idleTimeout} after it starts the watermark stays at the minimum: a shard that is slow to deliver
 * its first records cannot find its events already late.
 *
 * <p>A checkpoint keeps each shard's watermark ({@link #shards()}), so a reader restored from it
 * (after a failure, or when the Direct runner resumes a reader from its checkpoint) marks the same
 * events late as the one before it would have.
 *
 * <p>Not thread-safe: one instance per reader, called from the reader's thread.
 */
final class ShardWatermarks {

  private static final class Shard {
    final PartitionWatermark watermark;
    long lastRecordNanos;

    Shard(PartitionWatermark watermark) {
      this.watermark = watermark;
    }
  }

  private final EventWindows windows;
  private final Duration maxOutOfOrderness;
  private final long idleNanos;
  private final long startNanos;
  private final Map<String, Shard> shards = new HashMap<>();
  private long last;

  /**
   * @param windows the windowing against which late events are marked (null: none marked)
   */
  ShardWatermarks(
      EventWindows windows, Duration maxOutOfOrderness, Duration idleTimeout, long startNanos) {
    this(
        windows,
        maxOutOfOrderness,
        idleTimeout,
        startNanos,
        Map.of(),
        BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis());
  }

  /**
   * Continues from a checkpoint: {@code shards} maps each shard read so far to its watermark then,
   * and {@code watermark} is the reader's.
   */
  ShardWatermarks(
      EventWindows windows,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      long startNanos,
      Map<String, Long> shards,
      long watermark) {
    this.windows = windows;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleNanos = idleTimeout.getMillis() * 1_000_000L;
    this.startNanos = startNanos;
    this.last = watermark;
    shards.forEach((id, w) -> shard(id, w).lastRecordNanos = startNanos);
  }

  private Shard shard(String id, long initialWatermark) {
    return this.shards.computeIfAbsent(
        id, x -> new Shard(new PartitionWatermark(windows, maxOutOfOrderness, initialWatermark)));
  }

  /** Each shard's watermark including the records read so far: what a checkpoint keeps. */
  Map<String, Long> shards() {
    Map<String, Long> out = new HashMap<>();
    shards.forEach((id, s) -> out.put(id, s.watermark.current()));
    return out;
  }

  /** The reader's watermark as last reported. */
  long reported() {
    return last;
  }

  /** The timestamp of the next record of {@code shard}, given its event time (MIN: invalid). */
  Instant stamp(String shard, long eventTimeMillis, long nowNanos) {
    Shard s = shard(shard, BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis());
    s.lastRecordNanos = nowNanos;
    return s.watermark.stamp(eventTimeMillis);
  }

  /** The reader's watermark now: never lower than before. */
  long watermark(long nowNanos) {
    if (shards.isEmpty() || nowNanos - startNanos < idleNanos) {
      return last;
    }
    long frontier = Long.MIN_VALUE;
    for (Shard s : shards.values()) {
      frontier = Math.max(frontier, s.watermark.advance());
    }
    long min = Long.MAX_VALUE;
    for (Shard s : shards.values()) {
      long w =
          nowNanos - s.lastRecordNanos >= idleNanos
              ? s.watermark.raiseTo(frontier)
              : s.watermark.advance();
      min = Math.min(min, w);
    }
    last = Math.max(last, min);
    return last;
  }
}
