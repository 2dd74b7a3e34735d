package dev.sluice.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A record that could not be processed: the original record, what went wrong, and at which stage.
 * {@link DeadLetterFormat} makes it a Kafka record: the original bytes with headers, or JSON.
 */
@DefaultCoder(DeadLetterCoder.class)
public final class DeadLetter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RawRecord record;
  private final String error;
  private final String stage;
  private final long failedAtMillis;

  public DeadLetter(RawRecord record, String error, String stage, Instant failedAt) {
    this.record = Objects.requireNonNull(record);
    this.error = Objects.requireNonNull(error);
    this.stage = Objects.requireNonNull(stage);
    this.failedAtMillis = failedAt.toEpochMilli();
  }

  public RawRecord record() {
    return record;
  }

  public String error() {
    return error;
  }

  public String stage() {
    return stage;
  }

  public Instant failedAt() {
    return Instant.ofEpochMilli(failedAtMillis);
  }

  /** The dead-letter topic's record key: the original key, as text when it is UTF-8. */
  public String kafkaKey() {
    byte[] key = record.key();
    return key == null ? null : textOrBase64(key);
  }

  /** The JSON envelope with the whole original value. */
  public String toJson() {
    return toJson(Integer.MAX_VALUE);
  }

  /**
   * {@code {"error","stage","topic","partition","offset","failedAt","rawValue","rawValueEncoding",
   * "truncated","originalBytes","key","headers"}}: at most {@code maxOriginalBytes} of the original
   * value are embedded (escaping or base64 can still double that), and {@code truncated} says when
   * some were left out.
   */
  public String toJson(int maxOriginalBytes) {
    RawRecord r = record;
    byte[] value = r.value();
    boolean truncated = value != null && value.length > maxOriginalBytes;
    if (truncated) {
      value = utf8Prefix(value, maxOriginalBytes);
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", error);
      g.writeStringField("stage", stage);
      g.writeStringField("topic", r.topic());
      g.writeNumberField("partition", r.partition());
      g.writeNumberField("offset", r.offset());
      g.writeStringField("failedAt", failedAt().toString());
      String utf8 = value == null ? null : utf8OrNull(value);
      if (value == null) {
        g.writeNullField("rawValue");
        g.writeStringField("rawValueEncoding", "utf8");
      } else if (utf8 != null) {
        g.writeStringField("rawValue", utf8);
        g.writeStringField("rawValueEncoding", "utf8");
      } else {
        g.writeStringField("rawValue", Base64.getEncoder().encodeToString(value));
        g.writeStringField("rawValueEncoding", "base64");
      }
      g.writeBooleanField("truncated", truncated);
      if (r.value() == null) {
        g.writeNullField("originalBytes");
      } else {
        g.writeNumberField("originalBytes", r.value().length);
      }
      if (r.key() == null) {
        g.writeNullField("key");
      } else {
        g.writeStringField("key", textOrBase64(r.key()));
      }
      g.writeObjectFieldStart("headers");
      for (RawRecord.Header h : r.headers()) {
        g.writeStringField(h.name(), h.value() == null ? null : textOrBase64(h.value()));
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * The first {@code max} bytes, shortened by up to 3 more when that cuts a UTF-8 character, so
   * text stays text.
   */
  static byte[] utf8Prefix(byte[] value, int max) {
    for (int n = max; n >= Math.max(0, max - 3); n--) {
      byte[] prefix = java.util.Arrays.copyOf(value, n);
      if (utf8OrNull(prefix) != null) {
        return prefix;
      }
    }
    return java.util.Arrays.copyOf(value, max);
  }

  /** Non-UTF-8 bytes are written as {@code base64:<data>} so nothing is lost. */
  static String textOrBase64(byte[] bytes) {
    String utf8 = utf8OrNull(bytes);
    return utf8 != null ? utf8 : "base64:" + Base64.getEncoder().encodeToString(bytes);
  }

  static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d
        && error.equals(d.error)
        && stage.equals(d.stage)
        && failedAtMillis == d.failedAtMillis
        && record.equals(d.record);
  }

  @Override
  public int hashCode() {
    return Objects.hash(error, stage, failedAtMillis);
  }

  @Override
  public String toString() {
    return "DeadLetter{" + record + " at " + stage + ": " + error + "}";
  }
}
