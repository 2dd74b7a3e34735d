package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a chart of one device's metric shows: its readings and scores over event time, the alerts
 * raised on it and the known anomaly windows, all cut to [from, to].
 *
 * @param points readings in event-time order, each event once (re-sent duplicates dropped)
 * @param scores the pipeline's score of each reading, 0..1, in event-time order
 */
public record MetricPlotData(
    String device,
    String metric,
    List<Point> points,
    List<Point> scores,
    List<Alert> alerts,
    List<TruthWindow> truth) {

  /** One value at an event time. */
  public record Point(Instant time, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Picks out what concerns the device and metric.
   *
   * @param readings record values of the input topic: structured CloudEvents, or the JSON lines of
   *     {@code generate --out} (the event in {@code valueUtf8}); anything else is skipped, as the
   *     pipeline dead-letters it
   * @param scores record values of the scores topic {@code
   *     {"device","metric","time","value","score"}}
   * @param from first event time shown; null for no limit
   * @param to last event time shown; null for no limit
   */
  public static MetricPlotData of(
      String device,
      String metric,
      List<String> readings,
      List<String> scores,
      List<Alert> alerts,
      List<TruthWindow> truth,
      Instant from,
      Instant to) {
    Window window = new Window(from, to);
    List<Point> points = new ArrayList<>();
    Set<String> seenIds = new HashSet<>();
    for (String raw : readings) {
      JsonNode event = tree(raw);
      if (event != null && event.hasNonNull("valueUtf8")) {
        event = tree(event.get("valueUtf8").asText());
      }
      if (event == null
          || !device.equals(event.path("subject").asText(null))
          || !event.path("data").path(metric).isNumber()
          || !seenIds.add(event.path("source").asText() + "\n" + event.path("id").asText())) {
        continue;
      }
      Instant time = instant(event.path("time").asText(null));
      if (time != null && window.contains(time)) {
        points.add(new Point(time, event.path("data").get(metric).asDouble()));
      }
    }
    List<Point> scorePoints = new ArrayList<>();
    for (String raw : scores) {
      JsonNode s = tree(raw);
      if (s == null
          || !device.equals(s.path("device").asText(null))
          || !metric.equals(s.path("metric").asText(null))
          || !s.path("score").isNumber()) {
        continue;
      }
      Instant time = instant(s.path("time").asText(null));
      if (time != null && window.contains(time)) {
        scorePoints.add(new Point(time, s.get("score").asDouble()));
      }
    }
    points.sort(Comparator.comparing(Point::time));
    scorePoints.sort(Comparator.comparing(Point::time));
    List<Alert> shownAlerts =
        alerts.stream()
            .filter(a -> a.device().equals(device))
            .filter(a -> a.metric().equals(metric) || a.metric().equals(TruthWindow.ANY_METRIC))
            .filter(a -> window.contains(a.time()))
            .sorted(Comparator.comparing(Alert::time))
            .toList();
    List<TruthWindow> shownTruth =
        truth.stream()
            .filter(w -> w.concerns(device, metric))
            .filter(w -> window.overlaps(w.start(), w.end()))
            .toList();
    return new MetricPlotData(device, metric, points, scorePoints, shownAlerts, shownTruth);
  }

  private record Window(Instant from, Instant to) {
    boolean contains(Instant t) {
      return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
    }

    boolean overlaps(Instant start, Instant end) {
      return (from == null || !end.isBefore(from)) && (to == null || !start.isAfter(to));
    }
  }

  private static JsonNode tree(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(raw);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
