package dev.sluice.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.event.Rfc3339;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A table of {@code pipelines/NAME/schema.sql} that an output's records are upserted into: its
 * columns are filled from each record's JSON fields (a column {@code window_start} from {@code
 * windowStart}), its primary key is the row's identity, and its version columns decide whether a
 * record replaces the stored row (none: the newest write wins, for records that never change, so
 * after a restore the restored job's record replaces what the attempt that died wrote).
 *
 * @param row the JSON a record becomes, or null for a record that has no row here
 */
public record ResultTable(
    String name, List<String> version, SerializableFunction<RawRecord, String> row)
    implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ResultTable {
    version = List.copyOf(version);
  }

  /**
   * A table of the records' JSON values, a row replaced by a record whose {@code version} columns
   * are at least as high (for accumulating panes: the count, then the pane index).
   */
  public static ResultTable of(String name, String... version) {
    return new ResultTable(
        name, List.of(version), r -> new String(r.value(), StandardCharsets.UTF_8));
  }

  /** Only the records whose {@code field} is {@code value} (one kind of several on a topic). */
  public ResultTable where(String field, String value) {
    SerializableFunction<RawRecord, String> all = row;
    return new ResultTable(
        name,
        version,
        r -> {
          String json = all.apply(r);
          return json != null && value.equals(field(json, field)) ? json : null;
        });
  }

  /**
   * A table of the CloudEvents an output passes on unchanged (a router's routes, a merged stream):
   * {@code id}, {@code source}, {@code type}, {@code time}, {@code subject}, {@code key} and {@code
   * data} as JSON, whichever mode the event came in, plus {@code constants} (its route, say). An
   * event again (the same id) is a replay and writes the same values.
   */
  public static ResultTable events(String name, EventParser parser, Map<String, String> constants) {
    Map<String, String> extra = Map.copyOf(constants);
    return new ResultTable(
        name,
        List.of(),
        r -> {
          ParseResult parsed = parser.parse(r);
          return parsed.event() == null ? null : eventRow(parsed.event(), extra);
        });
  }

  static String eventRow(Event e, Map<String, String> constants) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", e.id());
    node.put("source", e.source());
    node.put("type", e.type());
    node.put("time", Rfc3339.format(e.eventTimeMillis()));
    node.put("subject", e.subject());
    node.put("key", e.key());
    node.set("data", e.data());
    constants.forEach(node::put);
    return node.toString();
  }

  private static String field(String json, String field) {
    try {
      JsonNode v = JSON.readTree(json).get(field);
      return v == null ? null : v.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
