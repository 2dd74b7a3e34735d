package dev.sluice.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.kit.Chart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The points one chart holds, by identity, so a later pane replaces an earlier one. Bounded: past
 * {@code maxPoints} the oldest point goes, so a dashboard left open for days keeps the newest
 * results and a steady size.
 */
final class ChartData {

  /** Series drawn at most; a chart of many keys shows those with the most points. */
  static final int MAX_SERIES = 12;

  private final Chart chart;
  private final int maxPoints;
  private final LinkedHashMap<String, Chart.Point> points = new LinkedHashMap<>();

  ChartData(Chart chart, int maxPoints) {
    this.chart = chart;
    this.maxPoints = maxPoints;
  }

  Chart chart() {
    return chart;
  }

  synchronized void add(List<Chart.Point> more) {
    for (Chart.Point p : more) {
      // Remove first, so a replaced point counts as the newest rather than keeping its old place.
      Chart.Point stored = points.remove(p.id());
      if (stored != null && p.olderThan(stored)) {
        points.put(p.id(), stored);
        continue;
      }
      points.put(p.id(), p);
      if (points.size() > maxPoints) {
        points.remove(points.keySet().iterator().next());
      }
    }
  }

  synchronized int size() {
    return points.size();
  }

  /**
   * The chart as the page draws it: each series' points summed by x and sorted, time charts by
   * event time, category charts in the order categories first appeared.
   */
  synchronized ObjectNode render(String id) {
    Map<String, Map<Object, Double>> bySeries = new TreeMap<>();
    List<String> categories = new ArrayList<>();
    for (Chart.Point p : points.values()) {
      Map<Object, Double> series =
          bySeries.computeIfAbsent(
              p.series(),
              s -> chart.axis() == Chart.Axis.TIME ? new TreeMap<>() : new LinkedHashMap<>());
      series.merge(p.x(), p.y(), Double::sum);
      if (chart.axis() == Chart.Axis.CATEGORY && !categories.contains(p.x().toString())) {
        categories.add(p.x().toString());
      }
    }
    List<String> shown = new ArrayList<>(bySeries.keySet());
    shown.sort(
        Comparator.comparingInt((String s) -> -bySeries.get(s).size())
            .thenComparing(Comparator.naturalOrder()));
    shown = shown.subList(0, Math.min(MAX_SERIES, shown.size()));
    shown.sort(Comparator.naturalOrder());
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    out.put("id", id);
    out.put("title", chart.title());
    out.put("axis", chart.axis().name().toLowerCase());
    out.put("style", chart.style().name().toLowerCase());
    out.set("topics", f.arrayNode().addAll(chart.topics().stream().map(f::textNode).toList()));
    out.put("seriesTotal", bySeries.size());
    out.put("points", points.size());
    if (chart.axis() == Chart.Axis.CATEGORY) {
      ArrayNode names = out.putArray("categories");
      categories.forEach(names::add);
    }
    ArrayNode series = out.putArray("series");
    for (String name : shown) {
      ObjectNode s = series.addObject();
      s.put("name", name);
      ArrayNode data = s.putArray("data");
      Map<Object, Double> values = bySeries.get(name);
      if (chart.axis() == Chart.Axis.TIME) {
        values.forEach((x, y) -> data.addArray().add((Long) x).add(y));
      } else {
        categories.forEach(c -> data.add(values.getOrDefault(c, 0.0)));
      }
    }
    return out;
  }
}
