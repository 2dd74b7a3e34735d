package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Keys and headers as JSON for {@code consume --print-key/--print-headers}: UTF-8 text as a string,
 * other bytes as {@code {"base64":"..."}} so they are never silently mangled.
 */
final class RecordJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordJson() {}

  static String bytes(byte[] bytes) throws JsonProcessingException {
    if (bytes == null) {
      return "null";
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return JSON.writeValueAsString(text);
    } catch (CharacterCodingException e) {
      return "{\"base64\":"
          + JSON.writeValueAsString(Base64.getEncoder().encodeToString(bytes))
          + "}";
    }
  }

  /** One member per header name; a name that repeats (Kafka allows it) gets an array, in order. */
  static String headers(Headers headers) throws JsonProcessingException {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (Header h : headers) {
      byName.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(bytes(h.value()));
    }
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, List<String>> e : byName.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      List<String> values = e.getValue();
      out.append(JSON.writeValueAsString(e.getKey())).append(':');
      out.append(values.size() == 1 ? values.get(0) : "[" + String.join(",", values) + "]");
    }
    return out.append('}').toString();
  }
}
