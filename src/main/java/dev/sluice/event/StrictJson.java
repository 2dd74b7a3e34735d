package dev.sluice.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The one JSON reader of CloudEvents, shared by the parser and {@link Event#data()}. */
final class StrictJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StrictJson() {}

  static JsonNode readTree(byte[] bytes) throws IOException {
    return JSON.readTree(bytes);
  }

  /** A short reason for a rejected JSON document. */
  static String reason(IOException e) {
    return "not JSON: " + firstLine(e);
  }

  /** The first line of an exception's message, abbreviated. */
  static String firstLine(Exception e) {
    String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    return abbreviate(msg.lines().findFirst().orElse(msg));
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
