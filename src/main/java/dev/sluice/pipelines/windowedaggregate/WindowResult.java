package dev.sluice.pipelines.windowedaggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
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
    implements WindowPane, Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    return WindowPane.toJson(
        this,
        g -> {
          g.writeNumberField("count", count);
          g.writeNumberField("sum", sum);
          g.writeNumberField("min", min);
          g.writeNumberField("max", max);
          g.writeNumberField("avg", avg);
        });
  }

  /**
   * The current result per "key|windowStart" (epoch millis): a later pane of a window replaces the
   * earlier ones (they accumulate), so the highest pane index wins.
   */
  public static java.util.Map<String, WindowResult> latestPanes(Iterable<String> resultJson) {
    java.util.Map<String, WindowResult> last = new java.util.HashMap<>();
    for (String json : resultJson) {
      WindowResult r = fromJson(json);
      last.merge(
          r.key() + "|" + r.windowStart().toEpochMilli(),
          r,
          (a, b) -> a.paneIndex() >= b.paneIndex() ? a : b);
    }
    return last;
  }

  /**
   * The final result per "key|windowStart|windowEnd" (epoch millis), for every windowing: see
   * {@link WindowPane#finalPanes}.
   */
  public static java.util.Map<String, WindowResult> finalPanes(Iterable<String> resultJson) {
    java.util.List<WindowResult> panes = new ArrayList<>();
    resultJson.forEach(json -> panes.add(fromJson(json)));
    return WindowPane.finalPanes(panes);
  }

  /** "key|windowStart|windowEnd" in epoch millis. */
  public static String windowId(WindowResult r) {
    return WindowPane.windowId(r);
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
      throw new IllegalArgumentException(
          "not a window result: " + json,
          e instanceof IOException io ? new UncheckedIOException(io) : e);
    }
  }
}
