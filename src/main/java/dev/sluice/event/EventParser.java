package dev.sluice.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a Kafka record into a validated {@link Event}, or says why it cannot. Never throws: every
 * defect becomes a reason, because bad input must reach the dead-letter topic, not kill the job.
 *
 * <p>Structured mode (the CloudEvent as JSON in the value) is parsed with Jackson directly, which
 * is the hot path; binary mode ({@code ce_*} headers) goes through the CloudEvents SDK.
 */
public final class EventParser implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Longer identifiers are rejected: they only come from broken producers and bloat state. */
  static final int MAX_ATTRIBUTE_LENGTH = 1024;

  private final String[] valuePath;
  private final String valueFieldName;
  private final long maxFutureSkewMillis;

  /**
   * @param valueField dotted path into {@code data} of the numeric reading, e.g. {@code value}
   * @param maxFutureSkew how far an event's time may lie beyond the record's Kafka timestamp (or,
   *     without one, the wall clock) before it is rejected as absurd
   */
  public EventParser(String valueField, Duration maxFutureSkew) {
    if (valueField == null || valueField.isBlank()) {
      throw new IllegalArgumentException("valueField must name a field of data, e.g. 'value'");
    }
    this.valueFieldName = valueField;
    this.valuePath = valueField.split("\\.");
    this.maxFutureSkewMillis = maxFutureSkew.toMillis();
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
            && valueFieldName.equals(other.valueFieldName));
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
      if (record.header("ce_specversion") != null) {
        return parseBinary(record);
      }
      return parseStructured(record);
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

  private ParseResult parseStructured(RawRecord record) {
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      return ParseResult.invalid("empty record value");
    }
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (IOException e) {
      return ParseResult.invalid("not JSON: " + firstLine(e));
    }
    if (root == null || !root.isObject()) {
      return ParseResult.invalid("not a JSON object");
    }
    String specVersion = text(root, "specversion");
    if (!"1.0".equals(specVersion)) {
      return ParseResult.invalid(
          specVersion == null
              ? "missing specversion"
              : "unsupported specversion '" + specVersion + "'");
    }
    String contentType = text(root, "datacontenttype");
    if (contentType != null && !isJson(contentType)) {
      return ParseResult.invalid("datacontenttype '" + contentType + "' is not JSON");
    }
    JsonNode time = root.get("time");
    if (time == null || time.isNull()) {
      return ParseResult.invalid("missing time");
    }
    if (!time.isTextual()) {
      return ParseResult.invalid("time is not an RFC 3339 string");
    }
    return build(
        record,
        attribute(root, "id"),
        attribute(root, "source"),
        attribute(root, "type"),
        attribute(root, "subject"),
        time.asText(),
        root.get("data"));
  }

  private ParseResult parseBinary(RawRecord record) {
    RecordHeaders headers = new RecordHeaders();
    for (RawRecord.Header h : record.headers()) {
      headers.add(h.name(), h.value());
    }
    CloudEvent ce;
    try {
      ce = KafkaMessageFactory.createReader(headers, record.value()).toEvent();
    } catch (RuntimeException e) {
      return ParseResult.invalid("invalid binary-mode CloudEvent: " + firstLine(e));
    }
    if (!"1.0".equals(ce.getSpecVersion().toString())) {
      return ParseResult.invalid("unsupported specversion '" + ce.getSpecVersion() + "'");
    }
    if (ce.getDataContentType() != null && !isJson(ce.getDataContentType())) {
      return ParseResult.invalid("datacontenttype '" + ce.getDataContentType() + "' is not JSON");
    }
    if (ce.getTime() == null) {
      return ParseResult.invalid("missing time");
    }
    JsonNode data = null;
    if (ce.getData() != null) {
      try {
        data = JSON.readTree(ce.getData().toBytes());
      } catch (IOException e) {
        return ParseResult.invalid("data is not JSON: " + firstLine(e));
      }
    }
    return build(
        record,
        ce.getId(),
        ce.getSource() == null ? null : ce.getSource().toString(),
        ce.getType(),
        ce.getSubject(),
        ce.getTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        data);
  }

  private ParseResult build(
      RawRecord record,
      String id,
      String source,
      String type,
      String subject,
      String timeText,
      JsonNode data) {
    String missing = id == null ? "id" : source == null ? "source" : type == null ? "type" : null;
    if (missing != null) {
      return ParseResult.invalid("missing or empty " + missing);
    }
    for (String attr : new String[] {id, source, type, subject}) {
      if (attr != null && attr.length() > MAX_ATTRIBUTE_LENGTH) {
        return ParseResult.invalid("attribute longer than " + MAX_ATTRIBUTE_LENGTH + " characters");
      }
    }
    long eventTime;
    try {
      eventTime =
          OffsetDateTime.parse(timeText, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant()
              .toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return ParseResult.invalid("time '" + abbreviate(timeText) + "' is not RFC 3339");
    }
    long reference =
        record.kafkaTimestamp() > 0 ? record.kafkaTimestamp() : System.currentTimeMillis();
    if (eventTime > reference + maxFutureSkewMillis) {
      return ParseResult.invalid(
          "time "
              + Instant.ofEpochMilli(eventTime)
              + " is more than "
              + Duration.ofMillis(maxFutureSkewMillis)
              + " ahead of the record's timestamp "
              + Instant.ofEpochMilli(reference));
    }
    if (data == null || data.isNull()) {
      return ParseResult.invalid("missing data");
    }
    if (!data.isObject()) {
      return ParseResult.invalid("data is not a JSON object");
    }
    JsonNode node = data;
    for (String step : valuePath) {
      node = node.get(step);
      if (node == null || node.isNull()) {
        return ParseResult.invalid("missing data." + valueFieldName);
      }
    }
    if (!node.isNumber()) {
      return ParseResult.invalid("data." + valueFieldName + " is not a number");
    }
    String key = subject;
    if (key == null && record.key() != null && record.key().length > 0) {
      key = new String(record.key(), StandardCharsets.UTF_8);
    }
    if (key == null) {
      key = source;
    }
    return ParseResult.valid(
        new Event(id, source, type, key, eventTime, node.doubleValue(), record));
  }

  /** A non-empty string attribute, or null when absent, empty or not a string. */
  private static String attribute(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      return null;
    }
    return node.asText();
  }

  private static String text(JsonNode root, String name) {
    JsonNode node = root.get(name);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static boolean isJson(String contentType) {
    String base = contentType.split(";", 2)[0].trim().toLowerCase();
    return base.equals("application/json") || base.endsWith("+json") || base.equals("text/json");
  }

  private static String firstLine(Exception e) {
    String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    return abbreviate(msg.lines().findFirst().orElse(msg));
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
