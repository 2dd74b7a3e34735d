package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.ResultTable;
import dev.sluice.transforms.SqlRowJsonFn;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result table as it should be, recomputed from the topics its records were written to, and as it
 * is, read from PostgreSQL: both as canonical rows (instants as epoch millis, doubles rounded, JSON
 * as trees) by primary key, so the two compare with equals.
 */
public final class StoredTables {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredTables() {}

  /** Column names and PostgreSQL types of {@code table}, in order, and its primary key. */
  record Shape(List<String> columns, List<String> types, List<String> key) {}

  static Shape shape(Connection c, String table) throws Exception {
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    try (ResultSet r = c.getMetaData().getColumns(null, c.getSchema(), table, null)) {
      while (r.next()) {
        if (table.equals(r.getString("TABLE_NAME"))) {
          columns.add(r.getString("COLUMN_NAME"));
          types.add(r.getString("TYPE_NAME"));
        }
      }
    }
    List<String> key = new ArrayList<>();
    try (ResultSet r = c.getMetaData().getPrimaryKeys(null, c.getSchema(), table)) {
      while (r.next()) {
        key.add(r.getString("COLUMN_NAME"));
      }
    }
    return new Shape(columns, types, key);
  }

  /** The table's rows now, by key. */
  public static Map<List<Object>, List<Object>> rows(Postgres db, String table) throws Exception {
    try (Connection c = db.connect()) {
      Shape shape = shape(c, table);
      Map<List<Object>, List<Object>> rows = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
        while (r.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 0; i < shape.columns().size(); i++) {
            row.add(canonical(shape.types().get(i), r.getString(i + 1)));
          }
          rows.put(key(shape, row), row);
        }
      }
      return rows;
    }
  }

  /**
   * The same rows with {@code columns} left out of the comparison (set to null): e.g. a pane's
   * index and timing, which a job restored from a checkpoint may give differently from the attempt
   * that died and wrote first.
   */
  public static Map<List<Object>, List<Object>> without(
      Postgres db,
      String table,
      Map<List<Object>, List<Object>> rows,
      java.util.Set<String> columns)
      throws Exception {
    List<String> names;
    try (Connection c = db.connect()) {
      names = shape(c, table).columns();
    }
    Map<List<Object>, List<Object>> out = new HashMap<>();
    rows.forEach(
        (k, row) -> {
          List<Object> kept = new ArrayList<>(row);
          for (int i = 0; i < names.size(); i++) {
            if (columns.contains(names.get(i))) {
              kept.set(i, null);
            }
          }
          out.put(k, kept);
        });
    return out;
  }

  /** Empties the tables (a scenario's rows from an earlier test would mix in). */
  public static void clear(Postgres db, String... tables) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String t : tables) {
        s.execute("DELETE FROM " + t);
      }
    }
  }

  /**
   * What {@code table} must hold after its records were written to {@code topics}: per key, the row
   * of the record with the highest version (the first one when the table has none).
   */
  public static Map<List<Object>, List<Object>> expected(
      Postgres db, String bootstrap, ResultTable table, List<String> topics) throws Exception {
    Shape shape;
    try (Connection c = db.connect()) {
      shape = shape(c, table.name());
    }
    Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();
    for (String topic : topics) {
      for (var record : TopicSnapshot.readAllBytes(bootstrap, topic)) {
        RawRecord raw = KafkaRecords.toRaw(record);
        String json = table.row().apply(raw);
        if (json == null) {
          continue;
        }
        List<Object> row = row(shape, JSON.readTree(json));
        rows.merge(key(shape, row), row, (stored, next) -> newer(shape, table, stored, next));
      }
    }
    return rows;
  }

  private static List<Object> newer(
      Shape shape, ResultTable table, List<Object> stored, List<Object> next) {
    for (String v : table.version()) {
      int i = shape.columns().indexOf(v);
      @SuppressWarnings({"unchecked", "rawtypes"})
      int c = ((Comparable) stored.get(i)).compareTo(next.get(i));
      if (c != 0) {
        return c < 0 ? next : stored;
      }
    }
    return next;
  }

  private static List<Object> row(Shape shape, JsonNode node) {
    List<Object> row = new ArrayList<>();
    for (int i = 0; i < shape.columns().size(); i++) {
      String column = shape.columns().get(i);
      JsonNode v = node.get(SqlRowJsonFn.camel(column));
      if (v == null) {
        v = node.get(column);
      }
      String text =
          v == null || v.isNull() ? null : v.isContainerNode() ? v.toString() : v.asText();
      row.add(canonical(shape.types().get(i), text));
    }
    return row;
  }

  private static List<Object> key(Shape shape, List<Object> row) {
    return shape.key().stream().map(k -> row.get(shape.columns().indexOf(k))).toList();
  }

  /** One value as both sides can agree on it, whatever text form each gave. */
  static Object canonical(String type, String text) {
    if (text == null) {
      return null;
    }
    try {
      return switch (type) {
        case "timestamptz" -> instant(text);
        case "float8" -> Math.round(Double.parseDouble(text) * 1e6) / 1e6;
        case "numeric" -> new BigDecimal(text).stripTrailingZeros();
        case "int8", "int4" -> Long.parseLong(text);
        case "bool" -> Boolean.parseBoolean(text) || "t".equals(text);
        case "jsonb" -> JSON.readTree(text);
        default -> text;
      };
    } catch (Exception e) {
      throw new AssertionError("not a " + type + ": " + text, e);
    }
  }

  /** ISO-8601 with Z (a record) or PostgreSQL's "2026-01-05 00:00:00+00". */
  private static long instant(String text) {
    if (text.endsWith("Z")) {
      return Instant.parse(text).toEpochMilli();
    }
    String iso = text.replace(' ', 'T');
    if (iso.matches(".*[+-]\\d\\d$")) {
      iso = iso + ":00";
    }
    return java.time.OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }
}
