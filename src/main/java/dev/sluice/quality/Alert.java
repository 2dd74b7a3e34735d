package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * One alert of the iot-telemetry pipeline: {@code
 * {"device","metric","time","value","score","reason","evidence"}}; the evidence is not needed here.
 *
 * @param reason anomaly, rate-of-change, stuck or silent
 */
public record Alert(
    String device, String metric, Instant time, double value, double score, String reason) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses one alert; a missing value or score (a silence has none) reads as NaN. */
  public static Alert parse(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("alert is not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.hasNonNull("device") || !n.hasNonNull("time")) {
      throw new IllegalArgumentException("alert without device or time: " + json);
    }
    return new Alert(
        n.get("device").asText(),
        n.path("metric").asText("*"),
        Instant.parse(n.get("time").asText()),
        n.path("value").asDouble(Double.NaN),
        n.path("score").asDouble(Double.NaN),
        n.path("reason").asText("anomaly"));
  }
}
