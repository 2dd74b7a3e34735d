package dev.sluice.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.event.Event;

/** An event's envelope attributes and {@code data.} paths, as rules see them. */
public final class EventFields implements Condition.Fields {

  private final Event event;

  public EventFields(Event event) {
    this.event = event;
  }

  @Override
  public JsonNode apply(String field) {
    if (field.equals("data")) {
      return event.data();
    }
    if (field.startsWith("data.")) {
      JsonNode node = event.data();
      for (String step : field.substring(5).split("\\.")) {
        if (node == null) {
          return null;
        }
        node =
            node.isArray() && step.matches("\\d+")
                ? node.get(Integer.parseInt(step))
                : node.get(step);
      }
      return node;
    }
    return text(
        switch (field) {
          case "id" -> event.id();
          case "source" -> event.source();
          case "type" -> event.type();
          case "subject" -> event.subject();
          case "key" -> event.key();
          case "datacontenttype" -> event.dataContentType();
          case "dataschema" -> event.dataSchema();
          default -> event.extensions().get(field);
        });
  }

  private static JsonNode text(String value) {
    return value == null ? null : TextNode.valueOf(value);
  }
}
