package dev.sluice.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One pane of one key's window: the aggregate so far and where the pane stands. Readers keep the
 * highest {@code paneIndex} per (key, window) as the current result.
 */
@DefaultCoder(SerializableCoder.class)
public record WindowResult(
    String key,
    Instant windowStart,
    Instant windowEnd,
    long count,
    double sum,
    double min,
    double max,
    double avg,
    String timing,
    long paneIndex,
    boolean isLast)
    implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", key);
    node.put("windowStart", windowStart.toString());
    node.put("windowEnd", windowEnd.toString());
    node.put("count", count);
    node.put("sum", sum);
    node.put("min", min);
    node.put("max", max);
    node.put("avg", avg);
    node.put("timing", timing);
    node.put("paneIndex", paneIndex);
    node.put("isLast", isLast);
    return node.toString();
  }

  public static WindowResult fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      return new WindowResult(
          n.get("key").asText(),
          Instant.parse(n.get("windowStart").asText()),
          Instant.parse(n.get("windowEnd").asText()),
          n.get("count").asLong(),
          n.get("sum").asDouble(),
          n.get("min").asDouble(),
          n.get("max").asDouble(),
          n.get("avg").asDouble(),
          n.get("timing").asText(),
          n.get("paneIndex").asLong(),
          n.get("isLast").asBoolean());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a window result: " + json, e instanceof IOException io ? new UncheckedIOException(io) : e);
    }
  }
}
