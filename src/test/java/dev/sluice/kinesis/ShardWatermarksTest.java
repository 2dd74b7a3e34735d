package dev.sluice.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.io.UnboundedSource.CheckpointMark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Per-shard event time: the minimum over shards, idleness, invalid records and late marking. */
class ShardWatermarksTest {

  private static final long S = 1_000_000_000L; // one second in nanos
  private static final long MIN = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();

  // 10 s windows, 5 s allowed lateness; watermarks trail the largest event time by 2 s; a shard
  // silent for 3 s is idle; the reader started at 0.
  private static final EventWindows WINDOWS =
      new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(5));
  private static final Duration BOUND = Duration.standardSeconds(2);
  private static final Duration IDLE = Duration.standardSeconds(3);

  private final ShardWatermarks shards = new ShardWatermarks(WINDOWS, BOUND, IDLE, 0);

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

  @Test
  void aReaderResumedFromItsCheckpointMarksTheSameEventsLate() throws Exception {
    shards.stamp("shard-1", 40_000, 3 * S); // shard 1 at 38 s
    shards.stamp("shard-0", 12_000, 3 * S); // shard 0 at 10 s
    assertEquals(10_000, shards.watermark(4 * S));
    // The checkpoint goes through its coder, as a runner stores it.
    ShardCheckpoint checkpoint =
        CoderUtils.clone(
            new ShardCheckpoint.CheckpointCoder(new NoKinesisCheckpoint()),
            new ShardCheckpoint(
                CheckpointMark.NOOP_CHECKPOINT_MARK, shards.shards(), shards.reported()));
    ShardWatermarks resumed =
        new ShardWatermarks(
            WINDOWS, BOUND, IDLE, 100 * S, checkpoint.shards(), checkpoint.watermark());
    // Window [20 s, 30 s) expired at 35 s: still late on shard 1, still on time on shard 0.
    assertEquals(LateMarker.TIMESTAMP, resumed.stamp("shard-1", 25_000, 100 * S));
    assertEquals(new Instant(25_000), resumed.stamp("shard-0", 25_000, 100 * S));
    // The reader's watermark resumes where it was; once the resumed reader's first idle timeout
    // has passed it follows shard 0 (24 s), shard 1 being idle since the resume.
    assertEquals(10_000, resumed.watermark(101 * S));
    resumed.stamp("shard-0", 26_000, 102 * S);
    assertEquals(24_000, resumed.watermark(103 * S));
  }

  /** KinesisIO's part of a checkpoint, here with nothing in it. */
  private static final class NoKinesisCheckpoint extends CustomCoder<CheckpointMark> {
    @Override
    public void encode(CheckpointMark value, OutputStream out) {}

    @Override
    public CheckpointMark decode(InputStream in) {
      return CheckpointMark.NOOP_CHECKPOINT_MARK;
    }
  }
}
