package dev.sluice.event;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a dead letter becomes a Kafka record. {@code raw} follows Kafka Connect's dead-letter queue:
 * the original key and value unchanged, the original headers, and the context in {@code
 * sluice.error.*} headers, so a dead letter is never larger than what was read (plus small headers)
 * and cannot be refused where the original was accepted. {@code json} is the older envelope, with
 * the embedded original capped.
 */
public final class DeadLetterFormat implements Serializable {

  public static final String REASON = "sluice.error.reason";
  public static final String STAGE = "sluice.error.stage";
  public static final String TOPIC = "sluice.error.topic";
  public static final String PARTITION = "sluice.error.partition";
  public static final String OFFSET = "sluice.error.offset";

  /** When the record failed, RFC 3339 UTC. */
  public static final String TIMESTAMP = "sluice.error.timestamp";

  /** A reason may quote the input; the header stays small whatever it says. */
  static final int MAX_REASON_CHARS = 1000;

  private final boolean json;
  private final int maxOriginalBytes;

  private DeadLetterFormat(boolean json, int maxOriginalBytes) {
    this.json = json;
    this.maxOriginalBytes = maxOriginalBytes;
  }

  public static DeadLetterFormat raw() {
    return new DeadLetterFormat(false, 0);
  }

  /** The JSON envelope, embedding at most {@code maxOriginalBytes} of the original value. */
  public static DeadLetterFormat json(int maxOriginalBytes) {
    if (maxOriginalBytes <= 0) {
      throw new IllegalArgumentException(
          "--deadLetterJsonMaxBytes must be positive, not " + maxOriginalBytes);
    }
    return new DeadLetterFormat(true, maxOriginalBytes);
  }

  /** From {@code --deadLetterFormat=raw|json}. */
  public static DeadLetterFormat of(String format, int maxOriginalBytes) {
    return switch (format) {
      case "raw" -> raw();
      case "json" -> json(maxOriginalBytes);
      default ->
          throw new IllegalArgumentException(
              "--deadLetterFormat must be 'raw' or 'json', not '" + format + "'");
    };
  }

  public boolean isJson() {
    return json;
  }

  /** The record for the dead-letter topic; topic, partition and offset name the original. */
  public RawRecord toRecord(DeadLetter d) {
    RawRecord r = d.record();
    List<RawRecord.Header> headers = new ArrayList<>();
    if (json) {
      headers.addAll(errorHeaders(d));
      String key = d.kafkaKey();
      return new RawRecord(
          r.topic(),
          r.partition(),
          r.offset(),
          -1,
          key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          d.toJson(maxOriginalBytes).getBytes(StandardCharsets.UTF_8),
          headers);
    }
    headers.addAll(r.headers());
    headers.addAll(errorHeaders(d));
    // Topic, partition and offset stay the original's: a writer that cannot send it names them.
    return new RawRecord(r.topic(), r.partition(), r.offset(), -1, r.key(), r.value(), headers);
  }

  /** The {@code sluice.error.*} headers, the same in both formats. */
  public static List<RawRecord.Header> errorHeaders(DeadLetter d) {
    RawRecord r = d.record();
    String reason = d.error();
    if (reason.length() > MAX_REASON_CHARS) {
      reason = reason.substring(0, MAX_REASON_CHARS) + "...";
    }
    return List.of(
        header(REASON, reason),
        header(STAGE, d.stage()),
        header(TOPIC, r.topic()),
        header(PARTITION, Integer.toString(r.partition())),
        header(OFFSET, Long.toString(r.offset())),
        header(TIMESTAMP, d.failedAt().toString()));
  }

  private static RawRecord.Header header(String name, String value) {
    return new RawRecord.Header(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
