package dev.sluice.pipelines.iottelemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Rfc3339;
import java.io.Serializable;
import java.util.Map;

/**
 * The start of an anomaly episode on one device's metric.
 *
 * @param time event time of the reading that raised it; for {@code silent}, the moment the silence
 *     began to count (last reading + timeout)
 * @param score normalised, in [0, 1]
 * @param reason anomaly, rate-of-change, stuck or silent
 * @param evidence what the detector saw: expected range, recent values, rule figures
 */
public record Alert(
    String device,
    String metric,
    long time,
    double value,
    double score,
    String reason,
    Map<String, Object> evidence)
    implements Serializable {

  public static final String ANOMALY = "anomaly";
  public static final String RATE_OF_CHANGE = "rate-of-change";
  public static final String STUCK = "stuck";
  public static final String SILENT = "silent";

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("device", device);
    node.put("metric", metric);
    node.put("time", Rfc3339.format(time));
    node.put("value", value);
    node.put("score", Scores.round(score));
    node.put("reason", reason);
    node.set("evidence", JSON.valueToTree(evidence));
    return node.toString();
  }

  /** What identifies an alert across runs: a repeat of it is a duplicate. */
  public String identity() {
    return device + "|" + metric + "|" + time + "|" + reason;
  }
}
