package dev.sluice.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one JSON reader of CloudEvents: a record must hold exactly one JSON value, with no duplicate
 * keys and only finite numbers. A lenient reader would aggregate the first of two concatenated
 * events, let a repeated key silently win, or turn {@code 1e400} into Infinity.
 */
final class StrictJson {

  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .setNodeFactory(new FiniteNodeFactory());

  /** Reads one value in the middle of a document (the rest of it follows, on purpose). */
  private static final ObjectReader VALUE =
      JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {}

  static JsonNode readTree(byte[] bytes) throws IOException {
    try {
      return JSON.readTree(bytes);
    } catch (NonFiniteNumber e) {
      throw new JsonParseException(null, "non-finite number");
    }
  }

  /**
   * The value at {@code path} inside {@code data} of a record the parser accepted, or null; read by
   * streaming, so only that value becomes a tree (no tree of the whole record after a shuffle).
   */
  static JsonNode streamToPath(RawRecord record, String[] path) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(record.value())) {
      p.nextToken();
      if (!Envelope.isBinary(record) && !fieldIn(p, "data")) {
        return null;
      }
      for (String step : path) {
        if (p.currentToken() != JsonToken.START_OBJECT || !fieldIn(p, step)) {
          return null;
        }
      }
      return VALUE.readValue(p);
    }
  }

  /** From an object's start, moves to the value of {@code name}; false when it has none. */
  private static boolean fieldIn(JsonParser p, String name) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return false;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean match = name.equals(p.currentName());
      p.nextToken();
      if (match) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }

  /** A short reason for a rejected JSON document, naming the classes the tests rely on. */
  static String reason(IOException e) {
    String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (msg == null) {
      return "not JSON: " + e.getClass().getSimpleName();
    }
    if (msg.equals("non-finite number")) {
      return msg;
    }
    if (msg.startsWith("Duplicate field ")) {
      return "duplicate key " + abbreviate(msg.substring("Duplicate field ".length()));
    }
    if (e instanceof MismatchedInputException && msg.startsWith("Trailing token")) {
      return "trailing data after the first JSON value";
    }
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

  /** Thrown from inside Jackson's tree building; turned into a parse error above. */
  private static final class NonFiniteNumber extends RuntimeException {
    NonFiniteNumber() {
      super("non-finite number", null, false, false);
    }
  }

  /** Rejects numbers that have no finite double value, as the tree is built (no second walk). */
  private static final class FiniteNodeFactory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public NumericNode numberNode(double v) {
      if (!Double.isFinite(v)) {
        throw new NonFiniteNumber();
      }
      return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(float v) {
      if (!Float.isFinite(v)) {
        throw new NonFiniteNumber();
      }
      return super.numberNode(v);
    }

    @Override
    public com.fasterxml.jackson.databind.node.ValueNode numberNode(BigInteger v) {
      if (v != null && !Double.isFinite(v.doubleValue())) {
        throw new NonFiniteNumber();
      }
      return super.numberNode(v);
    }

    @Override
    public com.fasterxml.jackson.databind.node.ValueNode numberNode(BigDecimal v) {
      if (v != null && !Double.isFinite(v.doubleValue())) {
        throw new NonFiniteNumber();
      }
      return super.numberNode(v);
    }
  }
}
