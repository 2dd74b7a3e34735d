package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job vertex's Beam gauges of one namespace, read from Flink's REST API (Flink 1.19).
 *
 * <p>Beam's Flink runner registers a gauge as the Flink metric {@code <namespace><delimiter><name>}
 * on the operator that set it. Flink's metric query service replaces {@code . , : } and spaces in
 * metric and operator names with {@code _}, so a vertex's aggregated subtask metrics ({@code
 * /jobs/J/vertices/V/subtasks/metrics}) are listed as {@code <operator>.<namespace>_<name>}, with
 * the min and max over the subtasks that have the metric. One gauge may be set by more than one
 * operator of the vertex (a source and a step after it); those are folded into one min and max.
 */
public final class VertexGauges {

  /** Ids per request: Flink's REST server refuses request lines longer than 4096 bytes. */
  private static final int IDS_PER_REQUEST = 20;

  /** The lowest and highest value of one gauge over the vertex's subtasks and operators. */
  public record Range(long min, long max) {
    public Range widen(Range other) {
      return new Range(Math.min(min, other.min), Math.max(max, other.max));
    }
  }

  private VertexGauges() {}

  /** Gauge name (the Beam name, without namespace) to its range, for one vertex. */
  public static Map<String, Range> read(
      FlinkRest rest, String jobId, String vertexId, String namespace) {
    Map<String, Range> out = new LinkedHashMap<>();
    for (JsonNode aggregated : aggregated(rest, jobId, vertexId, namespace, "min,max")) {
      values(aggregated, namespace).forEach((name, range) -> out.merge(name, range, Range::widen));
    }
    return out;
  }

  /**
   * Counter name (without namespace) to its total over the vertex's subtasks and operators: Flink
   * lists a Beam counter like a gauge, so the sum over subtasks is the job's count so far.
   */
  public static Map<String, Long> sums(
      FlinkRest rest, String jobId, String vertexId, String namespace) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (JsonNode aggregated : aggregated(rest, jobId, vertexId, namespace, "sum")) {
      for (JsonNode m : aggregated) {
        String name = gaugeName(m.path("id").asText(), namespace);
        if (name != null && m.path("sum").isNumber()) {
          out.merge(name, m.path("sum").asLong(), Long::sum);
        }
      }
    }
    return out;
  }

  /** The namespace's metrics of a vertex aggregated over its subtasks, one answer per batch. */
  private static List<JsonNode> aggregated(
      FlinkRest rest, String jobId, String vertexId, String namespace, String agg) {
    String path = "/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics";
    List<String> ids = ids(rest.getJson(path), namespace);
    List<JsonNode> answers = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += IDS_PER_REQUEST) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + IDS_PER_REQUEST));
      String get = URLEncoder.encode(String.join(",", batch), StandardCharsets.UTF_8);
      answers.add(rest.getJson(path + "?agg=" + agg + "&get=" + get));
    }
    return answers;
  }

  /** The metric ids in a metric listing ({@code [{"id": ...}, ...]}) that are gauges of ours. */
  static List<String> ids(JsonNode listing, String namespace) {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : listing) {
      String id = m.path("id").asText();
      if (gaugeName(id, namespace) != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * Gauge name to range from aggregated values ({@code [{"id": ..., "min": ..., "max": ...}]});
   * values that are not numbers are skipped.
   */
  static Map<String, Range> values(JsonNode aggregated, String namespace) {
    Map<String, Range> out = new LinkedHashMap<>();
    for (JsonNode m : aggregated) {
      String name = gaugeName(m.path("id").asText(), namespace);
      JsonNode min = m.path("min");
      JsonNode max = m.path("max");
      if (name != null && min.isNumber() && max.isNumber()) {
        out.merge(name, new Range(min.asLong(), max.asLong()), Range::widen);
      }
    }
    return out;
  }

  /** The Beam gauge name in a metric id, or null if the id is not one of the namespace's. */
  static String gaugeName(String id, String namespace) {
    String metric = id.substring(id.lastIndexOf('.') + 1);
    if (metric.length() <= namespace.length() + 1 || !metric.startsWith(namespace)) {
      return null;
    }
    return metric.substring(namespace.length() + 1);
  }
}
