package dev.sluice.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One Kafka record as the generator produced it, plus the truth about it, so tests can compute the
 * expected results without parsing the bytes.
 *
 * <p>The arrays are shared, not copied, for speed: do not modify them.
 *
 * @param key record key (the event's subject), null for some malformed records
 * @param value record value: the structured CloudEvent, the binary-mode data, or garbage
 * @param headers record headers in order; for structured mode only {@code content-type}, and none
 *     on malformed records
 * @param kind what the record is meant to exercise
 * @param binary whether the event is in binary content mode ({@code ce_*} headers)
 * @param eventTime the event's time; null for malformed records
 * @param source CloudEvent source; null when the payload carries none
 * @param id CloudEvent id; null when the payload carries none
 * @param dataValue {@code data.value}; NaN for malformed records
 */
public record GeneratedRecord(
    String key,
    byte[] value,
    List<Header> headers,
    RecordKind kind,
    boolean binary,
    Instant eventTime,
    String source,
    String id,
    double dataValue) {

  /** One Kafka header. */
  public record Header(String name, byte[] value) {
    public String valueUtf8() {
      return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
  }

  public GeneratedRecord {
    headers = List.copyOf(headers);
  }

  /** True for records that parse as valid events (everything but the malformed kinds). */
  public boolean isEvent() {
    return !kind.isMalformed();
  }

  public byte[] keyBytes() {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  public String valueUtf8() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The headers as Kafka's type, e.g. for {@code KafkaMessageFactory.createReader}. */
  public Headers kafkaHeaders() {
    RecordHeaders out = new RecordHeaders();
    for (Header h : headers) {
      out.add(h.name(), h.value());
    }
    return out;
  }
}
