package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * What the non-Sluice contenders take from a structured-mode CloudEvent: subject, time and
 * data.value. A public mutable class, so Flink serializes it as a POJO.
 */
public final class Reading {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String key;
  public long timeMillis;
  public double value;

  public Reading() {}

  public Reading(String key, long timeMillis, double value) {
    this.key = key;
    this.timeMillis = timeMillis;
    this.value = value;
  }

  /** The reading of a record value, or null when it is not a usable CloudEvent. */
  public static Reading parse(byte[] cloudEventJson) {
    if (cloudEventJson == null) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(cloudEventJson);
      JsonNode subject = root.get("subject");
      JsonNode time = root.get("time");
      JsonNode data = root.get("data");
      JsonNode value = data == null ? null : data.get("value");
      if (subject == null || time == null || value == null || !value.isNumber()) {
        return null;
      }
      return new Reading(
          subject.asText(), Instant.parse(time.asText()).toEpochMilli(), value.doubleValue());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
