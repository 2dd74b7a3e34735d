package dev.sluice.pipelines.windowedaggregate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One pane of one key's window computed by a user query ({@code --sql}): the envelope of {@link
 * WindowResult} (key, window, pane) with the query's output columns as fields, in the query's
 * order, between the window and the pane. Values are JSON-ready: numbers, strings, booleans, null.
 */
@DefaultCoder(SerializableCoder.class)
public record QueryResult(
    String key,
    Instant windowStart,
    Instant windowEnd,
    LinkedHashMap<String, Object> fields,
    String timing,
    long paneIndex,
    boolean isLast)
    implements WindowPane, Serializable {

  /** The result's own fields; a query column of one of these names is refused. */
  public static final List<String> ENVELOPE =
      List.of("key", "windowStart", "windowEnd", "timing", "paneIndex", "isLast");

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    return WindowPane.toJson(
        this,
        g -> {
          for (Map.Entry<String, Object> f : fields.entrySet()) {
            g.writeFieldName(f.getKey());
            writeValue(g, f.getValue());
          }
        });
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Double d && !Double.isFinite(d)) {
      g.writeNull(); // JSON has no NaN or infinity (e.g. x / 0.0)
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Number n) {
      g.writeNumber(n.toString());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(v.toString());
    }
  }

  /** Reads a result back; whole numbers come back as Long, others as Double. */
  public static QueryResult fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!ENVELOPE.contains(f.getKey())) {
          fields.put(f.getKey(), value(f.getValue()));
        }
      }
      return new QueryResult(
          n.get("key").asText(),
          Instant.parse(n.get("windowStart").asText()),
          Instant.parse(n.get("windowEnd").asText()),
          fields,
          n.get("timing").asText(),
          n.get("paneIndex").asLong(),
          n.get("isLast").asBoolean());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a query result: " + json,
          e instanceof IOException io ? new UncheckedIOException(io) : e);
    }
  }

  private static Object value(JsonNode v) {
    if (v.isNull()) {
      return null;
    } else if (v.isIntegralNumber()) {
      return v.asLong();
    } else if (v.isNumber()) {
      return v.asDouble();
    } else if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }
}
