package dev.sluice.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Rfc3339;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * A Beam SQL result row as one JSON record, with what SQL cannot see: the window's end and the pane
 * (timing and index), so a reader can tell an on-time result from a late update. Columns become
 * camelCase fields in the query's order; doubles are rounded to 9 places so the same input gives
 * the same bytes on every runner. Keyed by one column, or by the window's end for a query without a
 * key.
 */
public final class SqlRowJsonFn extends DoFn<Row, KV<String, String>> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String kind;
  private final String keyColumn;
  private final Counter rows;
  private String windowEndField = "windowEnd";

  /**
   * @param kind written as the record's {@code stats} field, telling outputs on one topic apart
   * @param keyColumn the column whose value keys the record; null to key by the window's end
   * @param namespace the counter's namespace
   * @param counter the counter of rows written
   */
  public SqlRowJsonFn(String kind, String keyColumn, String namespace, String counter) {
    this.kind = kind;
    this.keyColumn = keyColumn;
    this.rows = Metrics.counter(namespace, counter);
  }

  /**
   * Names the window's end differently, e.g. {@code sessionEnd}: Beam SQL's own SESSION_END gives
   * the session's start, so a session's end is only known from its window.
   */
  public SqlRowJsonFn withWindowEndAs(String field) {
    this.windowEndField = field;
    return this;
  }

  @ProcessElement
  public void process(
      @Element Row row,
      BoundedWindow window,
      PaneInfo pane,
      OutputReceiver<KV<String, String>> out) {
    rows.inc();
    ObjectNode node = JSON.createObjectNode();
    node.put("stats", kind);
    for (Schema.Field f : row.getSchema().getFields()) {
      put(node, camel(f.getName()), row.getValue(f.getName()));
    }
    String windowEnd =
        window instanceof IntervalWindow w
            ? Instant.ofEpochMilli(w.end().getMillis()).toString()
            : "";
    node.put(windowEndField, windowEnd);
    node.put("timing", pane.getTiming().name());
    node.put("pane", pane.getIndex());
    Object key = keyColumn == null ? windowEnd : row.getValue(keyColumn);
    out.output(KV.of(String.valueOf(key), node.toString()));
  }

  private static void put(ObjectNode node, String name, Object v) {
    if (v == null) {
      node.putNull(name);
    } else if (v instanceof Double d) {
      node.put(name, Math.round(d * 1e9) / 1e9);
    } else if (v instanceof Number n) {
      node.put(name, n.longValue());
    } else if (v instanceof Boolean b) {
      node.put(name, b);
    } else if (v instanceof org.joda.time.ReadableInstant t) {
      node.put(name, Rfc3339.format(t.getMillis()));
    } else {
      node.put(name, v.toString());
    }
  }

  /**
   * The field a result column becomes, and a table column is filled from: "window_start" ->
   * "windowStart".
   */
  public static String camel(String snake) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
