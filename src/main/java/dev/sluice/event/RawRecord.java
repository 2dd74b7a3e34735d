package dev.sluice.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A Kafka record exactly as it was read, before any parsing. Keeping the original bytes lets a
 * dead-letter or late record carry what the producer really sent.
 */
@DefaultCoder(RawRecordCoder.class)
public final class RawRecord {

  /** One Kafka header; names may repeat, order matters. */
  public record Header(String name, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Header h && name.equals(h.name) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(value);
    }
  }

  private final String topic;
  private final int partition;
  private final long offset;
  private final long kafkaTimestamp;
  private final byte[] key;
  private final byte[] value;
  private final List<Header> headers;

  public RawRecord(
      String topic,
      int partition,
      long offset,
      long kafkaTimestamp,
      byte[] key,
      byte[] value,
      List<Header> headers) {
    this.topic = Objects.requireNonNull(topic);
    this.partition = partition;
    this.offset = offset;
    this.kafkaTimestamp = kafkaTimestamp;
    this.key = key;
    this.value = value;
    this.headers =
        headers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(headers));
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  /** The record's Kafka timestamp (create or log-append time), or -1 when absent. */
  public long kafkaTimestamp() {
    return kafkaTimestamp;
  }

  /** May be null. */
  public byte[] key() {
    return key;
  }

  /** May be null (a tombstone). */
  public byte[] value() {
    return value;
  }

  public List<Header> headers() {
    return headers;
  }

  /** The last header with this name, or null. */
  public byte[] header(String name) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      if (headers.get(i).name().equals(name)) {
        return headers.get(i).value();
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawRecord r
        && topic.equals(r.topic)
        && partition == r.partition
        && offset == r.offset
        && kafkaTimestamp == r.kafkaTimestamp
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
