package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Avro binary data read with its writer's schema and turned into the JSON tree every pipeline step
 * reads, so a step never knows which encoding an event came in: records become objects, unions
 * their branch's value, bytes and fixed base64 text, enums their symbol.
 */
final class AvroJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static {
    // A garbage length prefix must not make Avro allocate gigabytes before it finds the bytes
    // missing; no event of ours holds more than this. Takes effect unless Avro read its limits
    // before (an operator's -D settings win).
    for (String limit :
        new String[] {
          "org.apache.avro.limits.collectionItems.maxLength",
          "org.apache.avro.limits.string.maxLength",
          "org.apache.avro.limits.bytes.maxLength"
        }) {
      if (System.getProperty(limit) == null) {
        System.setProperty(limit, "10000000");
      }
    }
  }

  private AvroJson() {}

  /**
   * @param name the schema's name for the reason, e.g. {@code meter.reading v2}
   * @throws IllegalArgumentException when the bytes are not one datum of {@code schema} exactly
   */
  static JsonNode decode(Schema schema, byte[] data, String name) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "schema " + name + " is no Avro record: data must decode to an object");
    }
    Object datum;
    try {
      BinaryDecoder in = DecoderFactory.get().binaryDecoder(data, null);
      datum = new GenericDatumReader<>(schema).read(null, in);
      if (!in.isEnd()) {
        throw new IllegalArgumentException(
            "data is not Avro of " + name + ": bytes left after the record");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException i && i.getMessage().startsWith("data is not")) {
        throw i;
      }
      // Garbage makes Avro fail in many ways (EOF, negative lengths, bad union indexes).
      String why =
          e instanceof java.io.EOFException
              ? "the bytes end before the record does"
              : e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage());
      throw new IllegalArgumentException("data is not Avro of " + name + ": " + why);
    }
    try {
      return toJson(datum);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data of " + name + " " + e.getMessage().substring(5));
    }
  }

  private static double finite(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("data holds " + d + ", which JSON cannot carry");
    }
    return d;
  }

  private static JsonNode toJson(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof GenericRecord r) {
      ObjectNode o = NODES.objectNode();
      for (Schema.Field f : r.getSchema().getFields()) {
        o.set(f.name(), toJson(r.get(f.pos())));
      }
      return o;
    }
    if (v instanceof CharSequence || v instanceof GenericData.EnumSymbol) {
      return NODES.textNode(v.toString());
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Float f) {
      return NODES.numberNode(finite(f));
    }
    if (v instanceof Double d) {
      return NODES.numberNode(finite(d));
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (v instanceof GenericFixed f) {
      return NODES.textNode(Base64.getEncoder().encodeToString(f.bytes()));
    }
    if (v instanceof Map<?, ?> m) {
      // Sorted: the same bytes must always give the same JSON (it is coded with the event).
      TreeMap<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(k.toString(), x));
      ObjectNode o = NODES.objectNode();
      sorted.forEach((k, x) -> o.set(k, toJson(x)));
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(x -> a.add(toJson(x)));
      return a;
    }
    return NODES.textNode(v.toString());
  }
}
