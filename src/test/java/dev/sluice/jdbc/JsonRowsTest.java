package dev.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a JSON record becomes a row, and the statement that stores it. */
class JsonRowsTest {

  @Test
  void eachColumnTakesItsFieldOrItsOwnNameAndContainersStayJson() {
    List<Object> row =
        JsonRows.values(
            "{\"windowStart\":\"2026-01-05T00:00:00Z\",\"readings\":3,\"user\":\"u1\","
                + "\"evidence\":{\"recent\":[1,2]},\"gone\":null}",
            List.of("window_start", "readings", "user", "evidence", "gone", "missing"),
            List.of("windowStart", "readings", "user", "evidence", "gone", "missing"));
    assertEquals(
        Arrays.asList("2026-01-05T00:00:00Z", "3", "u1", "{\"recent\":[1,2]}", null, null), row);
  }

  @Test
  void aVersionedRowIsReplacedByARowComparisonAndAnUnversionedOneByTheNewestWrite() {
    JdbcTarget.Table t = new JdbcTarget.Table("t", List.of("user", "n", "pane"), List.of("user"));
    String versioned = JsonRows.upsert(t, t.columns(), List.of("n", "pane")).sql();
    assertTrue(
        versioned.endsWith(
            "ON CONFLICT (\"user\") DO UPDATE SET \"n\" = EXCLUDED.\"n\", \"pane\" ="
                + " EXCLUDED.\"pane\" WHERE (stored.\"n\", stored.\"pane\") <="
                + " (EXCLUDED.\"n\", EXCLUDED.\"pane\")"),
        versioned);
    String newest = JsonRows.upsert(t, t.columns(), List.of()).sql();
    assertTrue(
        newest.endsWith(
            "ON CONFLICT (\"user\") DO UPDATE SET \"n\" = EXCLUDED.\"n\", \"pane\" ="
                + " EXCLUDED.\"pane\""),
        newest);
    assertThrows(
        IllegalArgumentException.class, () -> JsonRows.upsert(t, List.of("user"), List.of()));
  }
}
