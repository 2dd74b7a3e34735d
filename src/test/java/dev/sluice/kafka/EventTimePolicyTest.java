package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The source's event-time rules, partition by partition: watermark = max valid time - 10 s, bad and
 * far-future times never move it, idle partitions stop holding the others back without following
 * the wall clock, a replay reports the end of time once read to its stop offset, and events already
 * expired when read are marked. The processing-time clock is a variable, so idleness is exact.
 */
class EventTimePolicyTest {

  static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
  static final EventParser PARSER = new EventParser(java.time.Duration.ofHours(1));
  static final EventWindows WINDOWS =
      new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30));
  static final Duration BOUND = Duration.standardSeconds(10);
  static final Duration IDLE = Duration.standardSeconds(30);

  /** A backlog and a clock the test sets; the reader computes both in production. */
  static final class Context extends TimestampPolicy.PartitionContext {
    long backlog = 5;

    @Override
    public long getMessageBacklog() {
      return backlog;
    }

    @Override
    public org.joda.time.Instant getBacklogCheckTime() {
      return org.joda.time.Instant.now();
    }
  }

  final AtomicLong nanos = new AtomicLong();
  final AtomicLong frontier = new AtomicLong(Long.MIN_VALUE);
  final AtomicLong logTail = new AtomicLong(Long.MIN_VALUE);

  EventTimePolicy streaming() {
    return streaming(frontier);
  }

  /** A partition of a read whose JVM shares {@code jvmFrontier}. */
  EventTimePolicy streaming(AtomicLong jvmFrontier) {
    return new EventTimePolicy(
        PARSER,
        WINDOWS,
        BOUND,
        IDLE,
        jvmFrontier,
        logTail::get,
        Optional.empty(),
        nanos::get,
        0,
        Long.MAX_VALUE);
  }

  /** A reading at T0 + seconds, produced (Kafka timestamp) at the same time: historical data. */
  static KafkaRecord<byte[], byte[]> reading(long seconds, long offset) {
    Instant t = T0.plusSeconds(seconds);
    return record(
        CloudEvents.json("/sensors/gw-1", "e-" + offset, "device-1", t, 1.0),
        t.toEpochMilli(),
        offset);
  }

  static KafkaRecord<byte[], byte[]> record(String value, long kafkaTimestamp, long offset) {
    return new KafkaRecord<>(
        "events",
        0,
        offset,
        kafkaTimestamp,
        KafkaTimestampType.CREATE_TIME,
        new RecordHeaders(),
        null,
        value.getBytes(StandardCharsets.UTF_8));
  }

  static long at(long seconds) {
    return T0.plusSeconds(seconds).toEpochMilli();
  }

  void idleFor(Duration d) {
    nanos.addAndGet(d.getMillis() * 1_000_000L);
  }

  @Test
  void watermarkIsMaxValidEventTimeMinusTheBoundFromTheDataAlone() {
    EventTimePolicy p = streaming();
    Context ctx = new Context();
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, p.getWatermark(ctx));
    assertEquals(at(100), p.getTimestampForRecord(ctx, reading(100, 0)).getMillis());
    assertEquals(at(90), p.getWatermark(ctx).getMillis());
    // Out of order but on time: stamped with its own time, the watermark does not go back.
    assertEquals(at(95), p.getTimestampForRecord(ctx, reading(95, 1)).getMillis());
    assertEquals(at(90), p.getWatermark(ctx).getMillis());
    // Historical data a month and more before the wall clock: windows come from event time only.
    assertEquals(at(130), p.getTimestampForRecord(ctx, reading(130, 2)).getMillis());
    assertEquals(at(120), p.getWatermark(ctx).getMillis());
  }

  @Test
  void badAndFarFutureTimesNeverMoveTheWatermark() {
    EventTimePolicy p = streaming();
    Context ctx = new Context();
    p.getTimestampForRecord(ctx, reading(100, 0));
    assertEquals(
        BoundedWindow.TIMESTAMP_MIN_VALUE,
        p.getTimestampForRecord(ctx, record("{not json", at(101), 1)));
    // Absurdly far ahead of the record's own timestamp: invalid, minimum timestamp.
    String farFuture =
        CloudEvents.json(
            "/sensors/gw-1", "e-2", "device-1", Instant.parse("2099-01-01T00:00:00Z"), 1.0);
    assertEquals(
        BoundedWindow.TIMESTAMP_MIN_VALUE,
        p.getTimestampForRecord(ctx, record(farFuture, at(102), 2)));
    assertEquals(at(90), p.getWatermark(ctx).getMillis());
  }

  @Test
  void eventsAlreadyExpiredWhenReadAreMarkedLate() {
    EventTimePolicy p = streaming();
    Context ctx = new Context();
    p.getTimestampForRecord(ctx, reading(100, 0));
    // Watermark 90 s. Window [50,60) expires at 89.999 s: gone. Window [60,70) expires at 99.999 s:
    // open.
    assertEquals(LateMarker.TIMESTAMP, p.getTimestampForRecord(ctx, reading(55, 1)));
    assertEquals(at(65), p.getTimestampForRecord(ctx, reading(65, 2)).getMillis());
  }

  @Test
  void anIdlePartitionAdoptsTheFrontierAndNeverFollowsTheWallClock() {
    EventTimePolicy busy = streaming();
    EventTimePolicy quiet = streaming();
    Context busyCtx = new Context();
    Context quietCtx = new Context();
    busy.getTimestampForRecord(busyCtx, reading(200, 0));
    quiet.getTimestampForRecord(quietCtx, reading(100, 0));
    assertEquals(at(190), busy.getWatermark(busyCtx).getMillis());
    // Caught up but not yet idle long enough: it still holds the minimum at 90 s.
    quietCtx.backlog = 0;
    idleFor(IDLE.minus(Duration.millis(1)));
    assertEquals(at(90), quiet.getWatermark(quietCtx).getMillis());
    // Idle: it stops holding the busy partition back...
    idleFor(Duration.millis(1));
    assertEquals(at(190), quiet.getWatermark(quietCtx).getMillis());
    // ...and, with everyone idle for an hour, nothing moves: the watermark is the data's.
    busyCtx.backlog = 0;
    idleFor(Duration.standardHours(1));
    assertEquals(at(190), busy.getWatermark(busyCtx).getMillis());
    assertEquals(at(190), quiet.getWatermark(quietCtx).getMillis());
  }

  /**
   * The busy partition is read in another JVM (a TaskManager of its own), so this JVM's frontier
   * knows nothing of it: the idle partition adopts what the log's tail says instead.
   */
  @Test
  void anIdlePartitionWhosePeersAreReadElsewhereAdoptsTheLogTailFrontier() {
    EventTimePolicy busy = streaming(new AtomicLong(Long.MIN_VALUE));
    EventTimePolicy quiet = streaming(new AtomicLong(Long.MIN_VALUE));
    Context busyCtx = new Context();
    Context quietCtx = new Context();
    quietCtx.backlog = 0;
    busy.getTimestampForRecord(busyCtx, reading(200, 0));
    assertEquals(at(190), busy.getWatermark(busyCtx).getMillis());
    idleFor(IDLE);
    // Before the log tail has been read: nothing to adopt, it holds the minimum.
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, quiet.getWatermark(quietCtx));
    logTail.set(at(190));
    assertEquals(at(190), quiet.getWatermark(quietCtx).getMillis());
  }

  @Test
  void aPartitionThatNeverReceivedARecordStopsHoldingAfterTheIdleTimeout() {
    EventTimePolicy busy = streaming();
    EventTimePolicy empty = streaming();
    Context busyCtx = new Context();
    Context emptyCtx = new Context();
    emptyCtx.backlog = 0;
    busy.getTimestampForRecord(busyCtx, reading(50, 0));
    busy.getWatermark(busyCtx);
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, empty.getWatermark(emptyCtx));
    idleFor(IDLE);
    assertEquals(at(40), empty.getWatermark(emptyCtx).getMillis());
  }

  @Test
  void aReplayReportsTheEndOfTimeOnceReadToItsStopOffset() {
    EventTimePolicy replay =
        new EventTimePolicy(
            PARSER,
            WINDOWS,
            BOUND,
            Duration.ZERO,
            frontier,
            logTail::get,
            Optional.empty(),
            nanos::get,
            0,
            3);
    Context ctx = new Context();
    replay.getTimestampForRecord(ctx, reading(10, 0));
    replay.getTimestampForRecord(ctx, reading(20, 1));
    assertEquals(at(10), replay.getWatermark(ctx).getMillis());
    replay.getTimestampForRecord(ctx, reading(30, 2));
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, replay.getWatermark(ctx));
    EventTimePolicy empty =
        new EventTimePolicy(
            PARSER,
            WINDOWS,
            BOUND,
            Duration.ZERO,
            frontier,
            logTail::get,
            Optional.empty(),
            nanos::get,
            7,
            7);
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, empty.getWatermark(new Context()));
  }

  @Test
  void aRestoredPartitionResumesFromItsCheckpointedWatermark() {
    EventTimePolicy restored =
        new EventTimePolicy(
            PARSER,
            WINDOWS,
            BOUND,
            IDLE,
            frontier,
            logTail::get,
            Optional.of(new org.joda.time.Instant(at(500))),
            nanos::get,
            0,
            Long.MAX_VALUE);
    Context ctx = new Context();
    assertEquals(at(500), restored.getWatermark(ctx).getMillis());
    // An event behind the restored watermark is judged against it.
    assertEquals(LateMarker.TIMESTAMP, restored.getTimestampForRecord(ctx, reading(400, 0)));
  }
}
