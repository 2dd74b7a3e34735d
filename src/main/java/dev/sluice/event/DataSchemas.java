package dev.sluice.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;

/**
 * The schemas an event's {@code data} is held to, per CloudEvents type: JSON data must match, Avro
 * data is decoded with the writer's schema. The parser applies them to every record, so an event
 * that fails is a dead letter with the reason and never moves a watermark.
 *
 * <p>Implementations must be serializable (they travel inside transforms) and should define {@code
 * equals}: the parser reuses a parse done by the Kafka source only under equal settings.
 */
public interface DataSchemas extends Serializable {

  /** Why {@code event}'s JSON data does not match its type's schema, or null when it does. */
  String problem(Event event);

  /**
   * Avro binary {@code data} of an event of {@code type} as a JSON tree, decoded with the schema
   * version {@code dataSchema} names (null: the latest).
   *
   * @throws IllegalArgumentException saying why the bytes do not decode
   */
  JsonNode decodeAvro(String type, String dataSchema, byte[] data);
}
