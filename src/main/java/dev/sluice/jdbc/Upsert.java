package dev.sluice.jdbc;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * How a result becomes one row of a table: the row is identified by {@code key} columns, and a row
 * replaces the stored one only when its {@code version} columns, compared in order, are at least as
 * high, so a later pane overwrites an earlier one, an earlier pane arriving late changes nothing,
 * and a replayed batch writes the same values again.
 *
 * @param values one value per column, in {@code columns} order (String, Long, Integer, Double,
 *     Boolean or java.time.Instant)
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
    if (!columns.containsAll(key) || version.isEmpty() || !columns.containsAll(version)) {
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
      statement.setObject(
          i + 1,
          v instanceof java.time.Instant t
              ? java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC)
              : v);
    }
  }

  /**
   * {@code INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE (stored.v1, ...) <= (new.v1, ...)}, a
   * row comparison: the first version column decides, the next breaks ties.
   */
  public String sql() {
    String updates =
        columns.stream()
            .filter(c -> !key.contains(c))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    return String.format(
        "INSERT INTO %s AS stored (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s"
            + " WHERE (%s) <= (%s)",
        table,
        String.join(", ", columns),
        columns.stream().map(c -> "?").collect(Collectors.joining(", ")),
        String.join(", ", key),
        updates,
        version.stream().map(c -> "stored." + c).collect(Collectors.joining(", ")),
        version.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")));
  }
}
