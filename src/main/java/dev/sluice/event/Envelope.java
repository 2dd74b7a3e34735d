package dev.sluice.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvent attributes as read from a record, before the checks they share ({@link
 * EventParser}). Each reader checks what only its mode can get wrong (JSON types, SDK errors).
 */
record Envelope(
    String id,
    String source,
    String type,
    String subject,
    String timeText,
    String contentType,
    String schema,
    Map<String, String> extensions,
    JsonNode data,
    byte[] avroData) {

  /** The media types of Avro binary data (the CloudEvents Avro format and common aliases). */
  static final Set<String> AVRO_TYPES =
      Set.of("application/avro", "avro/binary", "application/vnd.apache.avro+binary");

  /** Binary mode: the record carries {@code ce_specversion}, and the value is the data. */
  static boolean isBinary(RawRecord record) {
    return record.header("ce_specversion") != null;
  }

  private static final Set<String> STRUCTURED_ATTRIBUTES =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64");

  static Envelope structured(RawRecord record) throws Rejected {
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      throw new Rejected("empty record value");
    }
    JsonNode root;
    try {
      root = StrictJson.readTree(value);
    } catch (IOException e) {
      throw new Rejected(StrictJson.reason(e));
    }
    if (root == null || !root.isObject()) {
      throw new Rejected("not a JSON object");
    }
    String specVersion = string(root, "specversion");
    if (!"1.0".equals(specVersion)) {
      throw new Rejected(
          specVersion == null
              ? "missing specversion"
              : "unsupported specversion '" + specVersion + "'");
    }
    String contentType = string(root, "datacontenttype");
    boolean avro = isAvro(contentType);
    byte[] avroData = null;
    if (avro) {
      String base64 = string(root, "data_base64");
      if (base64 == null) {
        throw new Rejected("datacontenttype '" + contentType + "' needs its data in data_base64");
      }
      try {
        avroData = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new Rejected("data_base64 is not base64: " + e.getMessage());
      }
    }
    JsonNode time = root.get("time");
    if (time == null || time.isNull()) {
      throw new Rejected("missing time");
    }
    if (!time.isTextual()) {
      throw new Rejected("time is not an RFC 3339 string");
    }
    Map<String, String> extensions = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (STRUCTURED_ATTRIBUTES.contains(f.getKey()) || v.isNull()) {
        continue;
      }
      // CloudEvents extension values are scalars; an object or array is not an attribute.
      if (!v.isValueNode()) {
        throw wrongType(f.getKey(), v, "a string, number or boolean");
      }
      if (extensions == null) {
        extensions = new HashMap<>();
      }
      extensions.put(f.getKey(), v.asText());
    }
    return new Envelope(
        string(root, "id"),
        string(root, "source"),
        string(root, "type"),
        string(root, "subject"),
        time.asText(),
        contentType,
        string(root, "dataschema"),
        extensions,
        avro ? null : root.get("data"),
        avroData);
  }

  static Envelope binary(RawRecord record) throws Rejected {
    RecordHeaders headers = new RecordHeaders();
    for (RawRecord.Header h : record.headers()) {
      headers.add(h.name(), h.value());
    }
    CloudEvent ce;
    try {
      ce = KafkaMessageFactory.createReader(headers, record.value()).toEvent();
    } catch (RuntimeException e) {
      throw new Rejected("invalid binary-mode CloudEvent: " + StrictJson.firstLine(e));
    }
    if (!"1.0".equals(ce.getSpecVersion().toString())) {
      throw new Rejected("unsupported specversion '" + ce.getSpecVersion() + "'");
    }
    boolean avro = isAvro(ce.getDataContentType());
    if (ce.getTime() == null) {
      throw new Rejected("missing time");
    }
    JsonNode data = null;
    byte[] avroData = null;
    if (avro) {
      avroData = ce.getData() == null ? null : ce.getData().toBytes();
      if (avroData == null) {
        throw new Rejected("missing data");
      }
    } else if (ce.getData() != null) {
      try {
        data = StrictJson.readTree(ce.getData().toBytes());
      } catch (IOException e) {
        String reason = StrictJson.reason(e);
        throw new Rejected(reason.startsWith("not JSON") ? "data is " + reason : "data: " + reason);
      }
    }
    // The SDK hands the other ce_* headers over as extensions.
    Map<String, String> extensions = null;
    for (String name : ce.getExtensionNames()) {
      Object v = ce.getExtension(name);
      if (v != null) {
        if (extensions == null) {
          extensions = new HashMap<>();
        }
        extensions.put(name, v.toString());
      }
    }
    return new Envelope(
        ce.getId(),
        ce.getSource() == null ? null : ce.getSource().toString(),
        ce.getType(),
        ce.getSubject(),
        ce.getTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        ce.getDataContentType(),
        ce.getDataSchema() == null ? null : ce.getDataSchema().toString(),
        extensions,
        data,
        avroData);
  }

  /** Whether the data is Avro binary; JSON (or no content type) is the other accepted kind. */
  private static boolean isAvro(String contentType) throws Rejected {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase();
    if (AVRO_TYPES.contains(base)) {
      return true;
    }
    if (!base.equals("application/json") && !base.endsWith("+json") && !base.equals("text/json")) {
      throw new Rejected("datacontenttype '" + contentType + "' is neither JSON nor Avro");
    }
    return false;
  }

  /** A string attribute, or null when absent or JSON null; any other JSON type is a defect. */
  private static String string(JsonNode root, String name) throws Rejected {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(name, node, "a string");
    }
    return node.textValue();
  }

  private static Rejected wrongType(String name, JsonNode node, String expected) {
    return new Rejected(
        StrictJson.abbreviate(name)
            + " has the wrong type: "
            + node.getNodeType().name().toLowerCase()
            + ", expected "
            + expected);
  }
}
