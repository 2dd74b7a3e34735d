package dev.sluice.pipelines.windowedaggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.event.DataExtractor;
import dev.sluice.event.Event;

/**
 * The numeric reading windowed-aggregate aggregates: the number at a dotted path into {@code data}
 * ({@code --valueField}, e.g. {@code value} or {@code reading.celsius}).
 */
public final class ReadingExtractor implements DataExtractor<Double> {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String[] path;

  public ReadingExtractor(String valueField) {
    if (valueField == null || valueField.isBlank()) {
      throw new IllegalArgumentException("valueField must name a field of data, e.g. 'value'");
    }
    this.field = valueField;
    this.path = valueField.split("\\.");
  }

  @Override
  public Result<Double> extract(Event event) {
    JsonNode node = event.dataAt(path);
    if (node == null || node.isNull()) {
      return Result.rejected("missing data." + field);
    }
    if (!node.isNumber()) {
      return Result.rejected("data." + field + " is not a number");
    }
    double reading = node.doubleValue();
    // The parser refuses non-finite numbers; this guards any number too big for a double.
    if (!Double.isFinite(reading)) {
      return Result.rejected("data." + field + " is a non-finite number");
    }
    return Result.of(reading);
  }

  /**
   * The reading of an event the parse step accepted; no boxing, for the aggregation's hot path.
   * After a shuffle it streams to the field instead of parsing all of {@code data} again.
   */
  public double read(Event event) {
    JsonNode node = event.dataAt(path);
    if (node == null || !node.isNumber()) {
      throw new IllegalStateException("no data." + field + " in an accepted event: " + event);
    }
    return node.doubleValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadingExtractor r && field.equals(r.field);
  }

  @Override
  public int hashCode() {
    return field.hashCode();
  }

  @Override
  public String toString() {
    return "ReadingExtractor{data." + field + "}";
  }
}
