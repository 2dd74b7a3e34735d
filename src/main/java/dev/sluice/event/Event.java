package dev.sluice.event;

import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A validated CloudEvent reduced to what the pipelines use, plus the record it came from (so a late
 * or rejected event can still be forwarded byte for byte).
 */
@DefaultCoder(EventCoder.class)
public final class Event {

  private final String id;
  private final String source;
  private final String type;
  private final String key;
  private final long eventTimeMillis;
  private final double value;
  private final RawRecord origin;

  public Event(
      String id,
      String source,
      String type,
      String key,
      long eventTimeMillis,
      double value,
      RawRecord origin) {
    this.id = Objects.requireNonNull(id);
    this.source = Objects.requireNonNull(source);
    this.type = Objects.requireNonNull(type);
    this.key = Objects.requireNonNull(key);
    this.eventTimeMillis = eventTimeMillis;
    this.value = value;
    this.origin = Objects.requireNonNull(origin);
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

  /** The grouping key: the CloudEvent subject, else the Kafka key, else the source. */
  public String key() {
    return key;
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }

  /** The numeric reading picked from {@code data} by the configured field path. */
  public double value() {
    return value;
  }

  public RawRecord origin() {
    return origin;
  }

  /** CloudEvents identity: a repeat of (source, id) is the same event sent again. */
  public String identity() {
    return source + '\u0000' + id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e
        && id.equals(e.id)
        && source.equals(e.source)
        && type.equals(e.type)
        && key.equals(e.key)
        && eventTimeMillis == e.eventTimeMillis
        && Double.compare(value, e.value) == 0
        && origin.equals(e.origin);
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
        + " key="
        + key
        + " t="
        + eventTimeMillis
        + " v="
        + value
        + "}";
  }
}
