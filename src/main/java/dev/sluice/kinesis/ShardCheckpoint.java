package dev.sluice.kinesis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.UnboundedSource.CheckpointMark;

/**
 * KinesisIO's checkpoint plus the event time read up to it: each shard's watermark and the
 * reader's. Without them a reader resumed from the checkpoint starts every shard at the minimum and
 * lets through, as on time, events the reader before it would have marked late.
 */
record ShardCheckpoint(CheckpointMark kinesis, Map<String, Long> shards, long watermark)
    implements CheckpointMark {

  @Override
  public void finalizeCheckpoint() throws IOException {
    kinesis.finalizeCheckpoint();
  }

  /** Encodes KinesisIO's part with KinesisIO's own coder. */
  static final class CheckpointCoder extends CustomCoder<ShardCheckpoint> {

    private static final long serialVersionUID = 1L;
    private static final Coder<Map<String, Long>> SHARDS =
        MapCoder.of(StringUtf8Coder.of(), BigEndianLongCoder.of());

    private final Coder<CheckpointMark> kinesis;

    CheckpointCoder(Coder<CheckpointMark> kinesis) {
      this.kinesis = kinesis;
    }

    @Override
    public void encode(ShardCheckpoint value, OutputStream out) throws IOException {
      kinesis.encode(value.kinesis(), out);
      SHARDS.encode(value.shards(), out);
      BigEndianLongCoder.of().encode(value.watermark(), out);
    }

    @Override
    public ShardCheckpoint decode(InputStream in) throws IOException {
      return new ShardCheckpoint(
          kinesis.decode(in), SHARDS.decode(in), BigEndianLongCoder.of().decode(in));
    }
  }
}
