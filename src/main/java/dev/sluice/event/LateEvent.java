package dev.sluice.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * An event that arrived after its window could no longer change: the window it missed and when that
 * window expired (window end plus allowed lateness, in event time). A step whose lateness is not
 * about a time window (a count window's positions) also says why, in {@link #reason()}.
 */
@DefaultCoder(LateEventCoder.class)
public final class LateEvent {

  /** Headers added to the original record on the late topic. */
  public static final String WINDOW_START_HEADER = "sluice_late_window_start";

  public static final String WINDOW_END_HEADER = "sluice_late_window_end";
  public static final String EXPIRED_AT_HEADER = "sluice_late_window_expired_at";
  public static final String REASON_HEADER = "sluice_late_reason";

  /** Where the event was read: {@code topic/partition/offset}. */
  public static final String ORIGIN_HEADER = "sluice_origin";

  private final Event event;
  private final long windowStartMillis;
  private final long windowEndMillis;
  private final long expiredAtMillis;
  private final String reason;

  public LateEvent(
      Event event, long windowStartMillis, long windowEndMillis, long expiredAtMillis) {
    this(event, windowStartMillis, windowEndMillis, expiredAtMillis, "");
  }

  /**
   * @param reason why the event is late, in a few words; "" when the missed window says it all
   */
  public LateEvent(
      Event event,
      long windowStartMillis,
      long windowEndMillis,
      long expiredAtMillis,
      String reason) {
    this.event = Objects.requireNonNull(event);
    this.windowStartMillis = windowStartMillis;
    this.windowEndMillis = windowEndMillis;
    this.expiredAtMillis = expiredAtMillis;
    this.reason = Objects.requireNonNull(reason);
  }

  /** Why the event is late beyond the missed window, or "". */
  public String reason() {
    return reason;
  }

  public Event event() {
    return event;
  }

  public Instant windowStart() {
    return Instant.ofEpochMilli(windowStartMillis);
  }

  public Instant windowEnd() {
    return Instant.ofEpochMilli(windowEndMillis);
  }

  public Instant expiredAt() {
    return Instant.ofEpochMilli(expiredAtMillis);
  }

  /**
   * The original headers plus the missed window, its expiry (RFC 3339) and where the event was
   * read.
   */
  public List<RawRecord.Header> lateTopicHeaders() {
    List<RawRecord.Header> headers = new ArrayList<>(event.origin().headers());
    headers.add(header(WINDOW_START_HEADER, windowStart().toString()));
    headers.add(header(WINDOW_END_HEADER, windowEnd().toString()));
    headers.add(header(EXPIRED_AT_HEADER, expiredAt().toString()));
    if (!reason.isEmpty()) {
      headers.add(header(REASON_HEADER, reason));
    }
    RawRecord o = event.origin();
    headers.add(header(ORIGIN_HEADER, o.topic() + "/" + o.partition() + "/" + o.offset()));
    return headers;
  }

  /** The original record with the late headers added, ready to forward to the late topic. */
  public RawRecord asRecordForLateTopic() {
    RawRecord o = event.origin();
    return new RawRecord(
        o.topic(),
        o.partition(),
        o.offset(),
        o.kafkaTimestamp(),
        o.key(),
        o.value(),
        lateTopicHeaders());
  }

  private static RawRecord.Header header(String name, String value) {
    return new RawRecord.Header(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LateEvent l
        && event.equals(l.event)
        && windowStartMillis == l.windowStartMillis
        && windowEndMillis == l.windowEndMillis
        && expiredAtMillis == l.expiredAtMillis
        && reason.equals(l.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, windowStartMillis);
  }

  @Override
  public String toString() {
    return "LateEvent{"
        + event
        + " missed ["
        + windowStart()
        + ","
        + windowEnd()
        + ") expired "
        + expiredAt()
        + (reason.isEmpty() ? "" : ": " + reason)
        + "}";
  }
}
