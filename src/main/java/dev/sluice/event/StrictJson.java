package dev.sluice.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private StrictJson() {}

  static JsonNode readTree(byte[] bytes) throws IOException {
    try {
      return JSON.readTree(bytes);
    } catch (NonFiniteNumber e) {
      throw new JsonParseException(null, "non-finite number");
    }
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
