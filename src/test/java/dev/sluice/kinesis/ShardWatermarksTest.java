package dev.sluice.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Per-shard event time: the minimum over shards, idleness, invalid records and late marking. */
class ShardWatermarksTest {

  private static final long S = 1_000_000_000L; // one second in nanos
  private static final long MIN = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();

  // 10 s windows, 5 s allowed lateness; watermarks trail the largest event time by 2 s; a shard
  // silent for 3 s is idle; the reader started at 0.
  private final ShardWatermarks shards =
      new ShardWatermarks(
          new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(5)),
          Duration.standardSeconds(2),
          Duration.standardSeconds(3),
          0);

  @Test
  void theWatermarkIsTheSlowestShards() {
    shards.stamp("shard-0", 50_000, 3 * S);
    shards.stamp("shard-1", 20_000, 3 * S);
    // 48 s and 18 s: the reader's watermark waits for shard 1.
    assertEquals(18_000, shards.watermark(4 * S));
    shards.stamp("shard-1", 30_000, 5 * S);
    assertEquals(28_000, shards.watermark(5 * S));
  }

  @Test
  void nothingMovesDuringTheFirstIdleTimeout() {
    // A shard slow to deliver its first records must not find its events already late.
    shards.stamp("shard-0", 50_000, 1 * S);
    assertEquals(MIN, shards.watermark(2 * S));
    assertEquals(48_000, shards.watermark(3 * S));
  }

  @Test
  void anIdleShardStopsHoldingTheOthersBack() {
    shards.stamp("shard-0", 50_000, 3 * S);
    shards.stamp("shard-1", 20_000, 3 * S);
    shards.stamp("shard-0", 60_000, 5 * S);
    assertEquals(18_000, shards.watermark(5 * S));
    // Shard 1 silent since 3 s: at 6 s it adopts shard 0's 58 s.
    assertEquals(58_000, shards.watermark(6 * S));
    // When every shard is silent the watermark stays where the data left it.
    assertEquals(58_000, shards.watermark(60 * S));
  }

  @Test
  void invalidRecordsNeverMoveTheWatermarkAndAreStampedMin() {
    shards.stamp("shard-0", 20_000, 3 * S);
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, shards.stamp("shard-0", Long.MIN_VALUE, 3 * S));
    assertEquals(18_000, shards.watermark(4 * S));
  }

  @Test
  void anEventWhoseWindowExpiredOnItsShardIsMarkedLate() {
    shards.stamp("shard-1", 40_000, 3 * S); // shard 1 at 38 s
    // Window [20 s, 30 s) expired at 35 s (end + 5 s lateness): late on shard 1...
    assertEquals(LateMarker.TIMESTAMP, shards.stamp("shard-1", 25_000, 3 * S));
    // ...but on time on shard 0, which has not got that far.
    assertEquals(new Instant(25_000), shards.stamp("shard-0", 25_000, 3 * S));
  }
}
