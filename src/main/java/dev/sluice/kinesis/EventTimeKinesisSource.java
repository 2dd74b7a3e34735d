package dev.sluice.kinesis;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.time.EventWindows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * KinesisIO's source in event time. KinesisIO stamps records with their arrival time and lets a
 * watermark policy see each record, but not change its timestamp; this source reads through
 * KinesisIO's own reader (shard discovery, iterators, checkpoints, retries stay Beam's) and stamps
 * each record with its CloudEvent time, its watermark coming from {@link ShardWatermarks}.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EventTimeKinesisSource extends UnboundedSource<RawRecord, ShardCheckpoint> {

  private static final long serialVersionUID = 1L;

  private final UnboundedSource<KinesisRecord, CheckpointMark> kinesis;
  private final EventParser parser;
  private final EventWindows lateWindows;
  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final boolean emulator;

  EventTimeKinesisSource(
      UnboundedSource<KinesisRecord, CheckpointMark> kinesis,
      EventParser parser,
      EventWindows lateWindows,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      boolean emulator) {
    this.kinesis = kinesis;
    this.emulator = emulator;
    this.parser = parser;
    this.lateWindows = lateWindows;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public List<EventTimeKinesisSource> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    speakJsonToEmulators();
    List<EventTimeKinesisSource> splits = new ArrayList<>();
    for (UnboundedSource<KinesisRecord, ?> split : kinesis.split(desiredNumSplits, options)) {
      splits.add(
          new EventTimeKinesisSource(
              (UnboundedSource) split,
              parser,
              lateWindows,
              maxOutOfOrderness,
              idleTimeout,
              emulator));
    }
    return splits;
  }

  @Override
  public UnboundedReader<RawRecord> createReader(
      PipelineOptions options, ShardCheckpoint checkpoint) throws IOException {
    speakJsonToEmulators();
    ShardWatermarks watermarks =
        checkpoint == null
            ? new ShardWatermarks(lateWindows, maxOutOfOrderness, idleTimeout, System.nanoTime())
            : new ShardWatermarks(
                lateWindows,
                maxOutOfOrderness,
                idleTimeout,
                System.nanoTime(),
                checkpoint.shards(),
                checkpoint.watermark());
    return new Reader(
        this,
        kinesis.createReader(options, checkpoint == null ? null : checkpoint.kinesis()),
        watermarks);
  }

  /**
   * Emulators such as kinesalite answer JSON only, and the AWS SDK asks for CBOR unless told
   * otherwise by this property, read when a client is built (here and on every worker).
   */
  private void speakJsonToEmulators() {
    if (emulator) {
      System.setProperty("aws.cborEnabled", "false");
    }
  }

  @Override
  public boolean requiresDeduping() {
    return kinesis.requiresDeduping();
  }

  @Override
  public Coder<ShardCheckpoint> getCheckpointMarkCoder() {
    return new ShardCheckpoint.CheckpointCoder(kinesis.getCheckpointMarkCoder());
  }

  @Override
  public Coder<RawRecord> getOutputCoder() {
    return RawRecordCoder.of();
  }

  private static final class Reader extends UnboundedReader<RawRecord> {
    private final EventTimeKinesisSource source;
    private final UnboundedReader<KinesisRecord> kinesis;
    private final ShardWatermarks watermarks;
    private RawRecord current;
    private Instant timestamp;

    Reader(
        EventTimeKinesisSource source,
        UnboundedReader<KinesisRecord> kinesis,
        ShardWatermarks watermarks) {
      this.source = source;
      this.kinesis = kinesis;
      this.watermarks = watermarks;
    }

    @Override
    public boolean start() throws IOException {
      return take(kinesis.start());
    }

    @Override
    public boolean advance() throws IOException {
      return take(kinesis.advance());
    }

    private boolean take(boolean available) {
      if (!available) {
        current = null;
        return false;
      }
      KinesisRecord record = kinesis.getCurrent();
      current = KinesisRecords.toRaw(record);
      // Wall-clock time here only decides idleness, as on Kafka, never an event's window.
      timestamp =
          watermarks.stamp(
              record.getShardId(), source.parser.eventTimeOrMin(current), System.nanoTime());
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
    public byte[] getCurrentRecordId() {
      return kinesis.getCurrentRecordId();
    }

    @Override
    public Instant getWatermark() {
      return new Instant(watermarks.watermark(System.nanoTime()));
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return new ShardCheckpoint(
          kinesis.getCheckpointMark(), watermarks.shards(), watermarks.reported());
    }

    @Override
    public long getSplitBacklogBytes() {
      return kinesis.getSplitBacklogBytes();
    }

    @Override
    public UnboundedSource<RawRecord, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() throws IOException {
      kinesis.close();
    }
  }
}
