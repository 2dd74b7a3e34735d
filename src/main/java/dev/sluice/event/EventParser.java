package dev.sluice.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a Kafka record into a validated CloudEvent envelope ({@link Event}), or says why it cannot.
 * Never throws: every defect becomes a reason, because bad input must reach the dead-letter topic,
 * not kill the job. A pipeline adds what it needs from {@code data} with {@link #requiring}.
 *
 * <p>Structured mode (the CloudEvent as JSON in the value) is parsed with Jackson directly, which
 * is the hot path; binary mode ({@code ce_*} headers) goes through the CloudEvents SDK.
 */
public final class EventParser implements Serializable {

  private static final long serialVersionUID = 3L;

  /** Longer attributes are rejected: they only come from broken producers and bloat state. */
  static final int MAX_ATTRIBUTE_LENGTH = 1024;

  private final long maxFutureSkewMillis;
  private final DataExtractor<?> check;
  private final DataSchemas schemas;

  /**
   * @param maxFutureSkew how far an event's time may lie beyond the record's Kafka timestamp (or,
   *     without one, the wall clock) before it is rejected as absurd
   */
  public EventParser(Duration maxFutureSkew) {
    this(maxFutureSkew.toMillis(), null, null);
  }

  private EventParser(long maxFutureSkewMillis, DataExtractor<?> check, DataSchemas schemas) {
    this.maxFutureSkewMillis = maxFutureSkewMillis;
    this.check = check;
    this.schemas = schemas;
  }

  /**
   * This parser, also holding {@code data} to its type's schema in {@code schemas} (checked before
   * the pipeline's own extractor, so a schema violation is reported as such) and reading Avro data
   * with them; without schemas, Avro data is refused.
   */
  public EventParser checking(DataSchemas schemas) {
    Objects.requireNonNull(schemas);
    if (schemas.equals(this.schemas)) {
      return this;
    }
    if (this.schemas != null) {
      throw new IllegalStateException("this parser already checks " + this.schemas);
    }
    return new EventParser(maxFutureSkewMillis, check, schemas);
  }

  /**
   * This parser, also rejecting events from which {@code extractor} gets nothing (its reason
   * becomes the record's). Give the Kafka source the same parser so it reuses the parse and only
   * accepted events move the watermark.
   */
  public EventParser requiring(DataExtractor<?> extractor) {
    Objects.requireNonNull(extractor);
    if (extractor.equals(check)) {
      return this;
    }
    if (check != null) {
      throw new IllegalStateException("this parser already requires " + check);
    }
    return new EventParser(maxFutureSkewMillis, extractor, schemas);
  }

  public ParseResult parse(RawRecord record) {
    // The source parses each record to learn its event time; on Flink the parse step runs right
    // after it in the same thread, on the very same bytes (with object reuse), so it reuses that
    // result instead of parsing twice.
    LastParse last = LAST.get();
    if (last.value == record.value()
        && last.value != null
        && last.offset == record.offset()
        && last.partition == record.partition()
        && sameSettings(last.parser)) {
      return last.result;
    }
    ParseResult result = parseOnce(record);
    last.remember(record, this, result);
    return result;
  }

  private boolean sameSettings(EventParser other) {
    return other == this
        || (other != null
            && maxFutureSkewMillis == other.maxFutureSkewMillis
            && Objects.equals(check, other.check)
            && Objects.equals(schemas, other.schemas));
  }

  /** The last record parsed on a thread; identified by its value array, offset and partition. */
  private static final class LastParse {
    byte[] value;
    long offset;
    int partition;
    EventParser parser;
    ParseResult result;

    void remember(RawRecord record, EventParser by, ParseResult parsed) {
      value = record.value();
      offset = record.offset();
      partition = record.partition();
      parser = by;
      result = parsed;
    }
  }

  private static final ThreadLocal<LastParse> LAST = ThreadLocal.withInitial(LastParse::new);

  private ParseResult parseOnce(RawRecord record) {
    try {
      Event event =
          build(
              record,
              Envelope.isBinary(record) ? Envelope.binary(record) : Envelope.structured(record));
      if (schemas != null && !event.dataWasDecoded()) {
        String problem = schemas.problem(event);
        if (problem != null) {
          return ParseResult.invalid(problem);
        }
      }
      if (check != null) {
        DataExtractor.Result<?> needed = check.extract(event);
        if (!needed.isPresent()) {
          return ParseResult.invalid(needed.reason());
        }
      }
      return ParseResult.valid(event);
    } catch (Rejected e) {
      return ParseResult.invalid(e.getMessage());
    } catch (RuntimeException e) {
      // Defensive: a parser bug on odd input must still end as a dead letter.
      return ParseResult.invalid("unexpected parse failure: " + e);
    }
  }

  /**
   * The event time of a valid record, or {@link Long#MIN_VALUE} for an invalid one. Sources use it
   * to stamp records, so only valid event times can move a watermark.
   */
  public long eventTimeOrMin(RawRecord record) {
    ParseResult result = parse(record);
    return result.isValid() ? result.event().eventTimeMillis() : Long.MIN_VALUE;
  }

  /** The {@code data} of a record this parser accepted: the value, or its {@code data} member. */
  static JsonNode dataOf(RawRecord record) {
    try {
      JsonNode root = StrictJson.readTree(record.value());
      return Envelope.isBinary(record) ? root : root.get("data");
    } catch (IOException e) {
      throw new UncheckedIOException("data of an accepted event no longer parses: " + record, e);
    }
  }

  /** Data the parser decoded (from Avro) and the event carries as JSON. */
  static JsonNode readDecoded(byte[] json) {
    try {
      return StrictJson.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("decoded data of an accepted event no longer parses", e);
    }
  }

  /** The checks both modes share, then the event. */
  private Event build(RawRecord record, Envelope envelope) throws Rejected {
    String id = nonEmpty(envelope.id());
    String source = nonEmpty(envelope.source());
    String type = nonEmpty(envelope.type());
    String subject = nonEmpty(envelope.subject());
    String contentType = envelope.contentType();
    String schema = envelope.schema();
    Map<String, String> extensions = envelope.extensions();
    String timeText = envelope.timeText();
    JsonNode data = envelope.data();
    String missing = id == null ? "id" : source == null ? "source" : type == null ? "type" : null;
    if (missing != null) {
      throw new Rejected("missing or empty " + missing);
    }
    checkLength(id, source, type, subject, contentType, schema);
    if (extensions != null) {
      for (Map.Entry<String, String> x : extensions.entrySet()) {
        checkLength(x.getKey(), x.getValue());
      }
    }
    long eventTime;
    try {
      eventTime = Rfc3339.parseMillis(timeText);
    } catch (DateTimeException | ArithmeticException e) {
      throw new Rejected("time '" + StrictJson.abbreviate(timeText) + "' is not RFC 3339");
    }
    long reference =
        record.kafkaTimestamp() > 0 ? record.kafkaTimestamp() : System.currentTimeMillis();
    if (eventTime > reference + maxFutureSkewMillis) {
      throw new Rejected(
          "time "
              + Instant.ofEpochMilli(eventTime)
              + " is more than "
              + Duration.ofMillis(maxFutureSkewMillis)
              + " ahead of the record's timestamp "
              + Instant.ofEpochMilli(reference));
    }
    byte[] decoded = null;
    if (envelope.avroData() != null) {
      if (schemas == null) {
        throw new Rejected(
            "datacontenttype '"
                + contentType
                + "' needs --schemaRegistry: Avro data is read with its writer's schema");
      }
      try {
        data = schemas.decodeAvro(type, schema, envelope.avroData());
      } catch (IllegalArgumentException e) {
        throw new Rejected(e.getMessage());
      }
      decoded = data.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (data == null || data.isNull()) {
      throw new Rejected("missing data");
    }
    if (!data.isObject()) {
      throw new Rejected("data is not a JSON object");
    }
    String key = subject;
    if (key == null && record.key() != null && record.key().length > 0) {
      key = new String(record.key(), StandardCharsets.UTF_8);
    }
    if (key == null) {
      key = source;
    }
    return new Event(
            id,
            source,
            type,
            subject,
            key,
            eventTime,
            contentType,
            schema,
            extensions,
            record,
            decoded)
        .withParsedData(data);
  }

  private static void checkLength(String... attributes) throws Rejected {
    for (String attr : attributes) {
      if (attr != null && attr.length() > MAX_ATTRIBUTE_LENGTH) {
        throw new Rejected("attribute longer than " + MAX_ATTRIBUTE_LENGTH + " characters");
      }
    }
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
