package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A known anomaly: one line of a truth file ({@code generate --scenario iot --truth}) or a NAB
 * label window.
 *
 * @param metric the metric, or "*" when the whole device is concerned (a silence)
 * @param kind spike, level-shift, variance-change, stuck, silence, or labelled (NAB)
 */
public record TruthWindow(String device, String metric, String kind, Instant start, Instant end) {

  public static final String ANY_METRIC = "*";

  private static final ObjectMapper JSON = new ObjectMapper();

  public TruthWindow {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "truth window ends before it starts: " + start + " " + end);
    }
  }

  boolean concerns(String alertDevice, String alertMetric) {
    return device.equals(alertDevice) && (metric.equals(ANY_METRIC) || metric.equals(alertMetric));
  }

  /** Reads a truth file: JSON lines {device, metric, kind, start, end}; blank lines skipped. */
  public static List<TruthWindow> read(Path file) throws IOException {
    List<TruthWindow> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        out.add(
            new TruthWindow(
                text(n, "device"),
                text(n, "metric"),
                text(n, "kind"),
                Instant.parse(text(n, "start")),
                Instant.parse(text(n, "end"))));
      } catch (IOException | RuntimeException e) {
        throw new IOException(file + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "'");
    }
    return v.asText();
  }
}
