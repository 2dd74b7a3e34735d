package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The truth file of {@code generate --scenario clickstream}: {@code {"user","label"}} lines giving
 * each user's script, and one line per valid event in the order first sent.
 */
public record ClickstreamTruth(List<ShopEvent> events, Map<String, String> labels) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ClickstreamTruth {
    events = List.copyOf(events);
    labels = Map.copyOf(labels);
  }

  public static ClickstreamTruth read(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return parse(lines.toList());
    }
  }

  public static ClickstreamTruth parse(List<String> lines) {
    List<ShopEvent> events = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode j;
      try {
        j = JSON.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException("truth line " + n + " is not JSON: " + line, e);
      }
      if (!j.has("id")) {
        labels.put(j.path("user").asText(), j.path("label").asText());
        continue;
      }
      events.add(
          new ShopEvent(
              j.path("id").asText(),
              j.path("source").asText(),
              j.path("user").asText(),
              j.path("type").asText(),
              Instant.parse(j.path("time").asText()).toEpochMilli(),
              j.hasNonNull("product") ? j.get("product").asText() : null,
              j.hasNonNull("price") ? j.get("price").asDouble() : Double.NaN));
    }
    return new ClickstreamTruth(events, labels);
  }

  /** A user's script, or "-" for a user the truth gives none. */
  public String label(String user) {
    return labels.getOrDefault(user, "-");
  }
}
