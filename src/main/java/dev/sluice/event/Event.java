package dev.sluice.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A validated CloudEvent (the platform's envelope) plus the record it came from, so a late or
 * rejected event can still be forwarded byte for byte.
 *
 * <p>{@code data} is not coded: the origin record already holds its bytes, so after a shuffle it is
 * parsed again on first use and cached. Treat the returned tree as read-only.
 */
@DefaultCoder(EventCoder.class)
public final class Event {

  private final String id;
  private final String source;
  private final String type;
  private final String subject;
  private final String key;
  private final long eventTimeMillis;
  private final String dataContentType;
  private final String dataSchema;
  private final Map<String, String> extensions;
  private final RawRecord origin;
  private final byte[] decodedData;
  private transient volatile JsonNode data;

  /**
   * @param subject, dataContentType, dataSchema may be null
   * @param extensions extension attribute name to value (other {@code ce_*} headers in binary mode,
   *     other top-level attributes in structured mode)
   */
  public Event(
      String id,
      String source,
      String type,
      String subject,
      String key,
      long eventTimeMillis,
      String dataContentType,
      String dataSchema,
      Map<String, String> extensions,
      RawRecord origin) {
    this(
        id,
        source,
        type,
        subject,
        key,
        eventTimeMillis,
        dataContentType,
        dataSchema,
        extensions,
        origin,
        null);
  }

  /**
   * @param decodedData {@code data} as JSON when the origin carries it in another encoding (Avro):
   *     coded with the event, since the origin's bytes alone cannot be read without the schema
   */
  public Event(
      String id,
      String source,
      String type,
      String subject,
      String key,
      long eventTimeMillis,
      String dataContentType,
      String dataSchema,
      Map<String, String> extensions,
      RawRecord origin,
      byte[] decodedData) {
    this.decodedData = decodedData;
    this.id = Objects.requireNonNull(id);
    this.source = Objects.requireNonNull(source);
    this.type = Objects.requireNonNull(type);
    this.subject = subject;
    this.key = Objects.requireNonNull(key);
    this.eventTimeMillis = eventTimeMillis;
    this.dataContentType = dataContentType;
    this.dataSchema = dataSchema;
    // Sorted: equal events must code to equal bytes (the coder claims to be deterministic).
    this.extensions =
        extensions == null || extensions.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(extensions));
    this.origin = Objects.requireNonNull(origin);
  }

  /** The parser hands over the tree it already built, so the first {@link #data()} is free. */
  Event withParsedData(JsonNode parsed) {
    this.data = parsed;
    return this;
  }

  public String id() {
    return id;
  }

  public String source() {
    return source;
  }

  public String type() {
    return type;
  }

  /** May be null. */
  public String subject() {
    return subject;
  }

  /** The grouping key: the CloudEvent subject, else the Kafka key, else the source. */
  public String key() {
    return key;
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }

  /** May be null (then JSON is implied by the format); when set, a JSON or an Avro media type. */
  public String dataContentType() {
    return dataContentType;
  }

  /** May be null. */
  public String dataSchema() {
    return dataSchema;
  }

  /** Extension attributes, sorted by name; never null. */
  public Map<String, String> extensions() {
    return extensions;
  }

  /**
   * The event's {@code data}: always a JSON object (the parser rejects anything else; Avro data is
   * decoded to one).
   */
  public JsonNode data() {
    JsonNode d = data;
    if (d == null) {
      d = decodedData != null ? EventParser.readDecoded(decodedData) : EventParser.dataOf(origin);
      data = d;
    }
    return d;
  }

  /** Whether {@code data} came in another encoding (Avro) and was decoded by its schema. */
  public boolean dataWasDecoded() {
    return decodedData != null;
  }

  /** The decoded data as JSON bytes, or null for JSON data (then it is in the origin). */
  byte[] decodedData() {
    return decodedData;
  }

  /**
   * The value at a path of field names inside {@code data}, or null when absent. Cheaper than
   * {@link #data()} on an event decoded after a shuffle: it streams through the origin bytes and
   * builds a tree of that value only (a full parse is kept only when already there).
   */
  public JsonNode dataAt(String... path) {
    JsonNode d = data != null || decodedData == null ? data : data();
    if (d != null) {
      for (String step : path) {
        d = d.get(step);
        if (d == null) {
          return null;
        }
      }
      return d;
    }
    try {
      return StrictJson.streamToPath(origin, path);
    } catch (IOException e) {
      throw new UncheckedIOException("data of an accepted event no longer parses: " + origin, e);
    }
  }

  public RawRecord origin() {
    return origin;
  }

  /** CloudEvents identity: a repeat of (source, id) is the same event sent again. */
  public String identity() {
    return source + '\u0000' + id;
  }

  /** {@code data} is not compared: it is determined by the origin record. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Event e
        && id.equals(e.id)
        && source.equals(e.source)
        && type.equals(e.type)
        && Objects.equals(subject, e.subject)
        && key.equals(e.key)
        && eventTimeMillis == e.eventTimeMillis
        && Objects.equals(dataContentType, e.dataContentType)
        && Objects.equals(dataSchema, e.dataSchema)
        && extensions.equals(e.extensions)
        && origin.equals(e.origin)
        && java.util.Arrays.equals(decodedData, e.decodedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, source, eventTimeMillis);
  }

  @Override
  public String toString() {
    return "Event{"
        + source
        + "/"
        + id
        + " type="
        + type
        + " key="
        + key
        + " t="
        + eventTimeMillis
        + "}";
  }
}
