package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The events a pipeline set aside, identified from the records of its late or dead-letter topic.
 * Both carry the original value: as is (late topic, raw dead letters, with the original headers, so
 * a binary-mode event is known by {@code ce_source}/{@code ce_id}), or inside the JSON dead-letter
 * envelope's {@code rawValue}. A record whose event cannot be identified (not JSON, no id) is only
 * counted: nothing in the truth can be that record.
 */
public final class RejectedEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> identities = new HashSet<>();
  private final Set<String> idsWithoutSource = new HashSet<>();
  private long records;
  private long unidentified;

  /** One record of the topic: its value and its headers (name to UTF-8 text). */
  public void add(byte[] value, Map<String, String> headers) {
    records++;
    JsonNode original = originalJson(value);
    if (original != null && original.has("stage") && original.has("rawValue")) {
      Map<String, String> inner = new java.util.HashMap<>();
      original.path("headers").fields().forEachRemaining(e -> inner.put(e.getKey(), text(e)));
      byte[] raw = unwrap(original);
      original = originalJson(raw);
      headers = inner;
    }
    if (original != null && original.hasNonNull("id")) {
      add(
          original.hasNonNull("source") ? original.get("source").asText() : null,
          original.get("id").asText());
    } else if (headers.get("ce_id") != null) {
      add(headers.get("ce_source"), headers.get("ce_id"));
    } else {
      unidentified++;
    }
  }

  /** An event known by its source (null when unknown: then any source matches) and id. */
  public void add(String source, String id) {
    if (source == null) {
      idsWithoutSource.add(id);
    } else {
      identities.add(source + "\u0000" + id);
    }
  }

  boolean covers(ShopEvent e) {
    return identities.contains(e.identity()) || idsWithoutSource.contains(e.id());
  }

  /** Records read from the topic. */
  public long records() {
    return records;
  }

  /** Records whose event could not be identified. */
  public long unidentified() {
    return unidentified;
  }

  private static String text(Map.Entry<String, JsonNode> e) {
    return e.getValue().isNull() ? null : e.getValue().asText();
  }

  private static byte[] unwrap(JsonNode envelope) {
    JsonNode raw = envelope.path("rawValue");
    if (raw.isNull() || raw.isMissingNode()) {
      return null;
    }
    if ("base64".equals(envelope.path("rawValueEncoding").asText())) {
      return Base64.getDecoder().decode(raw.asText());
    }
    return raw.asText().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode originalJson(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(value);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null; // a truncated or binary record: known by its headers or not at all
    }
  }
}
