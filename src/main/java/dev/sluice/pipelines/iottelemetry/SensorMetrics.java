package dev.sluice.pipelines.iottelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.event.DataExtractor;
import dev.sluice.event.Event;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics a {@code sensor.reading} carries in its {@code data} object: the chosen ones ({@code
 * --metrics}) or, when none are chosen, every numeric field. A chosen metric that is missing is
 * skipped (sensors skip fields); one that holds anything but a number makes the record a dead
 * letter, since a sensor that sends "n/a" is broken, not quiet.
 */
public final class SensorMetrics implements DataExtractor<Map<String, Double>> {

  private static final long serialVersionUID = 1L;

  private final List<String> chosen;

  /**
   * @param chosen metric names; empty for every numeric field of {@code data}
   */
  public SensorMetrics(List<String> chosen) {
    this.chosen = List.copyOf(chosen);
  }

  @Override
  public Result<Map<String, Double>> extract(Event event) {
    JsonNode data = event.data();
    if (data == null || !data.isObject()) {
      return Result.rejected("data is not an object of metrics");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (chosen.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNumber() && Double.isFinite(field.getValue().doubleValue())) {
          metrics.put(field.getKey(), field.getValue().doubleValue());
        }
      }
      return Result.of(metrics);
    }
    for (String metric : chosen) {
      JsonNode node = data.get(metric);
      if (node == null || node.isNull()) {
        continue;
      }
      if (!node.isNumber()) {
        return Result.rejected("data." + metric + " is not a number");
      }
      if (!Double.isFinite(node.doubleValue())) {
        return Result.rejected("data." + metric + " is a non-finite number");
      }
      metrics.put(metric, node.doubleValue());
    }
    return Result.of(metrics);
  }

  /** The device's site: the {@code site} extension attribute, else {@code data.site}, else "". */
  public static String siteOf(Event event) {
    String site = event.extensions().get("site");
    if (site != null && !site.isEmpty()) {
      return site;
    }
    JsonNode node = event.dataAt("site");
    return node != null && node.isTextual() ? node.asText() : "";
  }

  /** One {@link MetricReading} per metric the event carries. */
  public List<MetricReading> readings(Event event) {
    Result<Map<String, Double>> result = extract(event);
    if (!result.isPresent()) {
      throw new IllegalStateException("an accepted event lost its metrics: " + result.reason());
    }
    List<MetricReading> out = new ArrayList<>(result.value().size());
    String site = siteOf(event);
    for (Map.Entry<String, Double> m : result.value().entrySet()) {
      out.add(
          new MetricReading(
              event.key(), site, m.getKey(), event.eventTimeMillis(), m.getValue(), event.id()));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SensorMetrics s && chosen.equals(s.chosen);
  }

  @Override
  public int hashCode() {
    return chosen.hashCode();
  }

  @Override
  public String toString() {
    return "SensorMetrics" + (chosen.isEmpty() ? "{every numeric field}" : chosen);
  }
}
