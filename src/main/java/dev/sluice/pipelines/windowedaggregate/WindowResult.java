package dev.sluice.pipelines.windowedaggregate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
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
    implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One pane as JSON; written field by field (no tree), since every pane of the job comes here. */
  public String toJson() {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("key", key);
      g.writeStringField("windowStart", windowStart.toString());
      g.writeStringField("windowEnd", windowEnd.toString());
      g.writeNumberField("count", count);
      g.writeNumberField("sum", sum);
      g.writeNumberField("min", min);
      g.writeNumberField("max", max);
      g.writeNumberField("avg", avg);
      g.writeStringField("timing", timing);
      g.writeNumberField("paneIndex", paneIndex);
      g.writeBooleanField("isLast", isLast);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
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
   * The final result per "key|windowStart|windowEnd" (epoch millis), for every windowing: the
   * highest pane of each window, leaving out a session a later merge superseded (a result of the
   * same key whose window contains it). Equal-length windows never contain one another.
   */
  public static java.util.Map<String, WindowResult> finalPanes(Iterable<String> resultJson) {
    java.util.Map<String, WindowResult> last = new java.util.HashMap<>();
    java.util.Map<String, java.util.List<WindowResult>> byKey = new java.util.HashMap<>();
    for (String json : resultJson) {
      WindowResult r = fromJson(json);
      last.merge(windowId(r), r, (a, b) -> a.paneIndex() >= b.paneIndex() ? a : b);
    }
    last.values().forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
    java.util.Map<String, WindowResult> out = new java.util.TreeMap<>();
    for (java.util.List<WindowResult> ofKey : byKey.values()) {
      // By start, longest first: a window is superseded iff one seen before it reaches as far.
      ofKey.sort(
          java.util.Comparator.comparing(WindowResult::windowStart)
              .thenComparing(WindowResult::windowEnd, java.util.Comparator.reverseOrder()));
      Instant reach = Instant.MIN;
      for (WindowResult r : ofKey) {
        if (r.windowEnd().isAfter(reach)) {
          out.put(windowId(r), r);
          reach = r.windowEnd();
        }
      }
    }
    return out;
  }

  /** "key|windowStart|windowEnd" in epoch millis. */
  public static String windowId(WindowResult r) {
    return r.key() + "|" + r.windowStart().toEpochMilli() + "|" + r.windowEnd().toEpochMilli();
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
