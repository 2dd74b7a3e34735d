package dev.sluice.kinesis;

import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;

/**
 * A Kinesis record as the {@link RawRecord} every pipeline parses, so dead letters and late events
 * carry the bytes the producer sent.
 *
 * <p>Topic: the stream's name. Partition: the shard's number ({@code shardId-000000000003} -> 3).
 * Offset -1: sequence numbers run to 128 bits, so the sequence number is kept in the header {@link
 * #SEQUENCE_NUMBER_HEADER} instead. Key: the partition key. The Kafka timestamp's place holds the
 * approximate arrival time, which bounds how far in the future an event's time may lie.
 */
public final class KinesisRecords {

  /** Header carrying the record's sequence number. */
  public static final String SEQUENCE_NUMBER_HEADER = "kinesis_sequence_number";

  /** Header carrying the record's shard id. */
  public static final String SHARD_HEADER = "kinesis_shard_id";

  private KinesisRecords() {}

  public static RawRecord toRaw(KinesisRecord record) {
    return new RawRecord(
        record.getStreamName(),
        shardNumber(record.getShardId()),
        -1,
        record.getApproximateArrivalTimestamp().getMillis(),
        record.getPartitionKey() == null ? null : utf8(record.getPartitionKey()),
        record.getDataAsBytes(),
        List.of(
            new RawRecord.Header(SHARD_HEADER, utf8(record.getShardId())),
            new RawRecord.Header(SEQUENCE_NUMBER_HEADER, utf8(record.getSequenceNumber()))));
  }

  /** The number at the end of a shard id; 0 when it has none. */
  static int shardNumber(String shardId) {
    int i = shardId.length();
    while (i > 0 && Character.isDigit(shardId.charAt(i - 1))) {
      i--;
    }
    if (i == shardId.length()) {
      return 0;
    }
    try {
      return Integer.parseInt(shardId.substring(i));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
