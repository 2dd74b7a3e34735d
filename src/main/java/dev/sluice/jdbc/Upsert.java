package dev.sluice.jdbc;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * How a result becomes one row of a table: the row is identified by {@code key} columns, and a row
 * replaces the stored one only when its {@code version} columns, compared in order, are at least as
 * high, so a later pane overwrites an earlier one, an earlier pane arriving late changes nothing,
 * and a replayed batch writes the same values again. Without version columns the newest write wins
 * (a record that does not change, such as an alert or a decision: a replay writes the same values,
 * and after a restore the restored job's record, the one its topic commits, replaces what the
 * attempt that died wrote).
 *
 * @param values one value per column, in {@code columns} order (String, Long, Integer, Double,
 *     Boolean, java.time.Instant or null); a String is sent untyped, so the column's type decides
 *     how it is read (a timestamp, a number or JSON written as text)
 */
public record Upsert<T>(
    String table,
    List<String> columns,
    List<String> key,
    List<String> version,
    SerializableFunction<T, List<Object>> values)
    implements Serializable {

  public Upsert {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    version = List.copyOf(version);
    if (!columns.containsAll(key) || !columns.containsAll(version)) {
      throw new IllegalArgumentException("key and version must be among the columns of " + table);
    }
  }

  /** Versioned by one column. */
  public Upsert(
      String table,
      List<String> columns,
      List<String> key,
      String version,
      SerializableFunction<T, List<Object>> values) {
    this(table, columns, key, List.of(version), values);
  }

  /** Sets {@link #sql()}'s parameters to {@code element}'s values (an Instant as timestamptz). */
  public void bind(T element, java.sql.PreparedStatement statement) throws java.sql.SQLException {
    List<Object> row = values.apply(element);
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      if (v == null) {
        statement.setNull(i + 1, java.sql.Types.OTHER);
      } else if (v instanceof String text) {
        statement.setObject(i + 1, text, java.sql.Types.OTHER);
      } else if (v instanceof java.time.Instant t) {
        statement.setObject(i + 1, java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC));
      } else {
        statement.setObject(i + 1, v);
      }
    }
  }

  /**
   * {@code INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE (stored.v1, ...) <= (new.v1, ...)}, a
   * row comparison: the first version column decides, the next breaks ties. Without version
   * columns, the update has no condition. Names are quoted, so a column may be called {@code user}.
   */
  public String sql() {
    String insert =
        String.format(
            "INSERT INTO %s AS stored (%s) VALUES (%s) ON CONFLICT (%s) DO ",
            quoted(table),
            quoted(columns, ""),
            columns.stream().map(c -> "?").collect(Collectors.joining(", ")),
            quoted(key, ""));
    List<String> values = columns.stream().filter(c -> !key.contains(c)).toList();
    if (values.isEmpty()) {
      return insert + "NOTHING";
    }
    String update =
        insert
            + "UPDATE SET "
            + values.stream()
                .map(c -> quoted(c) + " = EXCLUDED." + quoted(c))
                .collect(Collectors.joining(", "));
    return version.isEmpty()
        ? update
        : update
            + String.format(
                " WHERE (%s) <= (%s)", quoted(version, "stored."), quoted(version, "EXCLUDED."));
  }

  private static String quoted(String name) {
    return '"' + name + '"';
  }

  private static String quoted(List<String> names, String prefix) {
    return names.stream().map(n -> prefix + quoted(n)).collect(Collectors.joining(", "));
  }
}
