package dev.sluice.testing;

import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Builds Kafka records holding structured-mode CloudEvents, for tests. */
public final class CloudEvents {

  public static final String TOPIC = "events";

  private CloudEvents() {}

  public static String json(String source, String id, String subject, Instant time, double value) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\""
        + source
        + "\",\"type\":\"sensor.reading\",\"time\":\""
        + time
        + "\",\"subject\":\""
        + subject
        + "\",\"datacontenttype\":\"application/json\",\"data\":{\"value\":"
        + value
        + "}}";
  }

  /**
   * A valid reading of {@code subject} at {@code time}; the record was produced at that time too.
   */
  public static RawRecord reading(
      String id, String subject, Instant time, double value, long offset) {
    return record(json("/sensors/gw-1", id, subject, time, value), time.toEpochMilli(), offset);
  }

  public static RawRecord record(String value, long producedAtMillis, long offset) {
    return new RawRecord(
        TOPIC,
        0,
        offset,
        producedAtMillis,
        null,
        value.getBytes(StandardCharsets.UTF_8),
        List.of(new RawRecord.Header("origin", "test".getBytes(StandardCharsets.UTF_8))));
  }
}
