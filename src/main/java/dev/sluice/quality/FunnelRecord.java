package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One funnel: as the pipeline wrote it or as recomputed from the truth.
 *
 * @param outcome {@code completed} or {@code abandoned}
 * @param stepReached {@code view}, {@code cart}, {@code checkout} or {@code purchase}
 * @param stepTimesMs per step reached after the view, milliseconds since the previous step
 */
public record FunnelRecord(
    String user,
    long startMillis,
    long endedAtMillis,
    String outcome,
    String stepReached,
    Map<String, Long> stepTimesMs) {

  public static final String COMPLETED = "completed";
  public static final String ABANDONED = "abandoned";

  public FunnelRecord {
    stepTimesMs = new TreeMap<>(stepTimesMs);
  }

  /** Reads {@code {"user","funnelStart","endedAt","outcome","stepReached","stepTimesMs"}}. */
  public static FunnelRecord parse(String json) {
    JsonNode j = SessionRecord.read(json);
    Map<String, Long> steps = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = j.path("stepTimesMs").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNull()) {
        steps.put(e.getKey(), e.getValue().asLong());
      }
    }
    return new FunnelRecord(
        j.path("user").asText(),
        Instant.parse(j.path("funnelStart").asText()).toEpochMilli(),
        Instant.parse(j.path("endedAt").asText()).toEpochMilli(),
        j.path("outcome").asText(),
        j.path("stepReached").asText(),
        steps);
  }

  public boolean completed() {
    return COMPLETED.equals(outcome);
  }

  @Override
  public String toString() {
    return String.format(
        "funnel %s..%s %s at %s %s",
        Instant.ofEpochMilli(startMillis),
        Instant.ofEpochMilli(endedAtMillis),
        outcome,
        stepReached,
        stepTimesMs);
  }
}
