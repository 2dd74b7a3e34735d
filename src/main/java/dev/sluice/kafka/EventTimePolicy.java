package dev.sluice.kafka;

import dev.sluice.event.EventParser;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import dev.sluice.time.PartitionWatermark;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time for the streaming read. Each record is stamped with its CloudEvent {@code time}; a
 * partition's watermark is the largest valid event time it has seen minus the out-of-orderness
 * bound. Invalid records get the minimum timestamp, so they can never move a watermark.
 *
 * <p>Idleness, like Flink's {@code withIdleness}: a partition that is caught up (no backlog) and
 * has received nothing for {@code idleTimeout} stops holding the others back. It cannot simply
 * report "no watermark" (Beam has no such signal for a source), so it adopts the frontier: the
 * highest watermark any partition of this read has reached in this JVM. The minimum over partitions
 * then comes from the active ones; when all are idle the watermark stays where the data left it and
 * never follows the wall clock, so a replay of old data and live data give the same windows. A
 * partition that never received a record is idle from the start and so cannot stall the job for
 * longer than {@code idleTimeout}.
 *
 * <p>Late events: an event whose window had already expired by this partition's watermark when it
 * was read (window end + allowed lateness before the watermark) is stamped {@link
 * LateMarker#TIMESTAMP} instead of its event time ({@link PartitionWatermark} holds these
 * per-partition rules). Only the source knows that watermark exactly when the record is read;
 * downstream, the late topic takes these events, and everything stamped with its event time is at
 * or ahead of the watermark it travels with, so Beam's GroupByKey cannot drop it.
 *
 * <p>Bounded replay: given the offset at which a partition's replay stops, the policy reports the
 * maximum watermark once the partition has been read up to it, which is how a Beam source says it
 * is done; the job then ends by itself, with the watermark having advanced while it read.
 */
public final class EventTimePolicy extends TimestampPolicy<byte[], byte[]> {

  /** Frontier per read (factory), shared by the partitions that one JVM reads. */
  private static final Map<String, AtomicLong> FRONTIERS = new ConcurrentHashMap<>();

  private final EventParser parser;
  private final PartitionWatermark partition;
  private final long idleTimeoutNanos;
  private final AtomicLong frontier;
  private final LongSupplier clusterFrontier;
  private final LongSupplier nanoClock;
  private final long beginOffset;

  /** Exclusive end of a bounded replay; {@link Long#MAX_VALUE} when streaming. */
  private final long stopOffset;

  private long lastOffset = -1;
  private long lastRecordNanos;
  private PartitionGauges gauges = PartitionGauges.NONE;

  EventTimePolicy(
      EventParser parser,
      EventWindows windows,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      AtomicLong frontier,
      LongSupplier clusterFrontier,
      Optional<Instant> previousWatermark,
      LongSupplier nanoClock,
      long beginOffset,
      long stopOffset) {
    this.parser = parser;
    this.partition =
        new PartitionWatermark(
            windows,
            maxOutOfOrderness,
            previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE).getMillis());
    this.idleTimeoutNanos = idleTimeout.getMillis() * 1_000_000L;
    this.frontier = frontier;
    this.clusterFrontier = clusterFrontier;
    this.nanoClock = nanoClock;
    this.lastRecordNanos = nanoClock.getAsLong();
    this.beginOffset = beginOffset;
    this.stopOffset = stopOffset;
  }

  /**
   * Streaming, where records of {@code controlTopics} (rules, settings) are stamped with their
   * Kafka timestamp by {@link ControlTopicPolicy} instead of being parsed as events, and an idle
   * partition also adopts the frontier of the log's tail ({@link LogTailFrontier}, read with {@code
   * source}'s cluster and consumer settings), which partitions read in other JVMs move.
   */
  public static TimestampPolicyFactory<byte[], byte[]> streaming(
      EventParser parser,
      EventWindows windows,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      KafkaSource source) {
    long refresh = Math.max(500, Math.min(idleTimeout.getMillis(), 5_000));
    LogTailFrontier.Settings tail =
        new LogTailFrontier.Settings(
            source.bootstrapServers(),
            source.consumerProperties(),
            source.topics(),
            maxOutOfOrderness.getMillis(),
            refresh);
    return new Factory(
        parser,
        windows,
        maxOutOfOrderness,
        idleTimeout,
        Map.of(),
        new HashSet<>(source.controlTopics()),
        tail);
  }

  /** Bounded replay of (topic, partition) -> {begin, stop} offsets (stop exclusive). */
  public static TimestampPolicyFactory<byte[], byte[]> replay(
      EventParser parser,
      EventWindows windows,
      Duration maxOutOfOrderness,
      Map<TopicPartition, long[]> ranges,
      Set<String> controlTopics) {
    return new Factory(
        parser, windows, maxOutOfOrderness, Duration.ZERO, ranges, controlTopics, null);
  }

  private static final class Factory
      implements TimestampPolicyFactory<byte[], byte[]>, Serializable {
    private static final long serialVersionUID = 1L;
    private final EventParser parser;
    private final EventWindows windows;
    private final Duration maxOutOfOrderness;
    private final Duration idleTimeout;
    private final Map<TopicPartition, long[]> ranges;
    private final HashSet<String> controlTopics;

    /** Null for a replay: a replay is never idle. */
    private final LogTailFrontier.Settings tail;

    private final String readId = UUID.randomUUID().toString();

    Factory(
        EventParser parser,
        EventWindows windows,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Map<TopicPartition, long[]> ranges,
        Set<String> controlTopics,
        LogTailFrontier.Settings tail) {
      this.parser = parser;
      this.tail = tail;
      this.controlTopics = new HashSet<>(controlTopics);
      this.windows = windows;
      this.maxOutOfOrderness = maxOutOfOrderness;
      this.idleTimeout = idleTimeout;
      this.ranges = new java.util.HashMap<>(ranges);
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition tp, Optional<Instant> previous) {
      AtomicLong frontier = FRONTIERS.computeIfAbsent(readId, id -> new AtomicLong(Long.MIN_VALUE));
      long[] range = ranges.getOrDefault(tp, new long[] {0, Long.MAX_VALUE});
      if (controlTopics.contains(tp.topic())) {
        // A streaming read of control topics alone (the events come from another source) has no
        // event frontier: its records are stamped by their producers' clocks, so it follows the
        // clock.
        boolean alone = tail != null && tail.eventTopics().isEmpty();
        return new ControlTopicPolicy(
            alone ? System::currentTimeMillis : frontier::get, previous, range[0], range[1]);
      }
      LongSupplier cluster =
          tail == null ? () -> Long.MIN_VALUE : LogTailFrontier.of(readId, tail, parser)::frontier;
      EventTimePolicy policy =
          new EventTimePolicy(
              parser,
              windows,
              maxOutOfOrderness,
              idleTimeout,
              frontier,
              cluster,
              previous,
              System::nanoTime,
              range[0],
              range[1]);
      policy.gauges = new PartitionGauges(readId, tp.topic(), tp.partition());
      return policy;
    }
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    lastRecordNanos = nanoClock.getAsLong();
    lastOffset = Math.max(lastOffset, record.getOffset());
    Instant stamp = partition.stamp(parser.eventTimeOrMin(KafkaRecords.toRaw(record)));
    gauges.onRecord(
        partition.current(),
        stopOffset == Long.MAX_VALUE
            ? ctx.getMessageBacklog()
            : Math.max(0, stopOffset - 1 - lastOffset));
    return stamp;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    if (replayFinished(ctx)) {
      gauges.publish(partition.advance(), 0);
      partition.raiseTo(BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis());
      return BoundedWindow.TIMESTAMP_MAX_VALUE;
    }
    long watermark = partition.advance();
    if (watermark > BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()) {
      frontier.accumulateAndGet(watermark, Math::max);
    }
    if (isIdle(ctx)) {
      watermark = partition.raiseTo(Math.max(frontier.get(), clusterFrontier.getAsLong()));
    }
    gauges.publish(watermark, ctx.getMessageBacklog());
    return new Instant(watermark);
  }

  /**
   * Read up to the stop offset. The backlog (log end minus next offset, refreshed every second by
   * the reader) covers offsets that never arrive as records, such as transaction markers.
   */
  private boolean replayFinished(PartitionContext ctx) {
    if (stopOffset == Long.MAX_VALUE) {
      return false;
    }
    return beginOffset >= stopOffset
        || lastOffset >= stopOffset - 1
        || ctx.getMessageBacklog() == 0;
  }

  private boolean isIdle(PartitionContext ctx) {
    boolean caughtUp = ctx.getMessageBacklog() == 0;
    return caughtUp && nanoClock.getAsLong() - lastRecordNanos >= idleTimeoutNanos;
  }

  /** The id under which a factory's policies leave their gauges ({@link PartitionGauges}). */
  static String readId(TimestampPolicyFactory<byte[], byte[]> factory) {
    return ((Factory) factory).readId;
  }
}
