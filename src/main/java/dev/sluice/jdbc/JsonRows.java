package dev.sluice.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON result records as rows of a table whose columns are the records' fields: each column takes
 * the field its caller names for it (the camelCase of a snake_case column, say), or else the field
 * of its exact name. A missing field is NULL, an object or array is written as its JSON text (for a
 * {@code jsonb} column), anything else as its text, read by the column's type.
 */
public final class JsonRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonRows() {}

  /**
   * The upsert of JSON records into {@code table}, with the columns and primary key the database
   * reports for it ({@link JdbcTarget#describe}).
   *
   * @param fields the field of each column, in the table's column order
   */
  public static Upsert<String> upsert(
      JdbcTarget.Table table, List<String> fields, List<String> version) {
    List<String> columns = table.columns();
    if (fields.size() != columns.size()) {
      throw new IllegalArgumentException("one field per column of " + table.name());
    }
    List<String> names = List.copyOf(fields);
    return new Upsert<>(
        table.name(), columns, table.key(), version, json -> values(json, columns, names));
  }

  static List<Object> values(String json, List<String> columns, List<String> fields) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a result record is not JSON: " + json, e);
    }
    List<Object> values = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      JsonNode v = node.get(fields.get(i));
      if (v == null) {
        v = node.get(columns.get(i));
      }
      values.add(v == null || v.isNull() ? null : v.isContainerNode() ? v.toString() : v.asText());
    }
    return values;
  }
}
