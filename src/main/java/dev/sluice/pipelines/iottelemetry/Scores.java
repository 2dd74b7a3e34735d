package dev.sluice.pipelines.iottelemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Rfc3339;

/** How deviations become scores in [0, 1], and the per-reading score record. */
final class Scores {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Below this many noise scales a deviation scores 0: ordinary noise. */
  static final double NOISE_Z = 3.0;

  /** Each further this many noise scales halves the distance to 1. */
  static final double HALVING_Z = 2.0;

  private Scores() {}

  /** 0 up to {@link #NOISE_Z}, then 1 - 2^-(excess / {@link #HALVING_Z}): z=5 gives 0.5. */
  static double ofDeviation(double z) {
    if (!(z > NOISE_Z)) {
      return 0;
    }
    return 1 - Math.pow(2, -(z - NOISE_Z) / HALVING_Z);
  }

  static double round(double score) {
    return Math.round(score * 10_000) / 10_000.0;
  }

  /**
   * Every scored reading, for plotting and choosing a threshold. The reading's event id names it: a
   * device may send two readings of one metric at the same instant, and each has its score.
   */
  static String json(MetricReading r, double score) {
    ObjectNode node = JSON.createObjectNode();
    node.put("device", r.device());
    node.put("metric", r.metric());
    node.put("time", Rfc3339.format(r.time()));
    node.put("eventId", r.eventId());
    node.put("value", r.value());
    node.put("score", round(score));
    return node.toString();
  }
}
