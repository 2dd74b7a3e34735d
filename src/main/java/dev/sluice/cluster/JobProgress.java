package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running job is doing, from Flink's REST API: its tasks, each vertex's records, watermark
 * and back pressure under Sluice's stage names, its checkpoints and its Sluice counters.
 */
public final class JobProgress {

  private JobProgress() {}

  /**
   * The job's state and its tasks (subtasks of every vertex) running and finished (a bounded
   * source's, say), of all the job has; read from one answer of the REST API.
   */
  public record Tasks(String jobState, int running, int finished, int total) {
    /** Every task has been deployed and started: none is still created, scheduled or deploying. */
    public boolean allStarted() {
      return total > 0 && running + finished == total;
    }

    @Override
    public String toString() {
      return running
          + "/"
          + total
          + " tasks running"
          + (finished > 0 ? ", " + finished + " finished" : "");
    }
  }

  /**
   * One vertex: its stages (Sluice's top-level transform names of the operators chained in it),
   * records in and out, the lowest input watermark of its subtasks (null before the first one) and
   * its back-pressure level.
   */
  public record VertexProgress(
      String id,
      boolean source,
      String stages,
      int parallelism,
      String state,
      long recordsIn,
      long recordsOut,
      Long watermarkMillis,
      String backpressure) {}

  /** The newest completed checkpoint. */
  public record Checkpoint(long id, long completedAtMillis, long durationMillis, long sizeBytes) {}

  /** Checkpoint counts and the newest completed one (empty before the first). */
  public record Checkpoints(long completed, long failed, Optional<Checkpoint> latest) {}

  public static Tasks tasks(FlinkRest rest, String jobId) {
    return tasksOf(rest.getJson("/jobs/" + jobId));
  }

  static Tasks tasksOf(JsonNode job) {
    int running = 0;
    int finished = 0;
    int total = 0;
    for (JsonNode v : job.path("vertices")) {
      running += v.path("tasks").path("RUNNING").asInt();
      finished += v.path("tasks").path("FINISHED").asInt();
      total += v.path("parallelism").asInt();
    }
    return new Tasks(job.path("state").asText("UNKNOWN"), running, finished, total);
  }

  public static List<VertexProgress> vertices(FlinkRest rest, String jobId) {
    List<VertexProgress> out = new ArrayList<>();
    for (JsonNode v : rest.getJson("/jobs/" + jobId).path("vertices")) {
      String id = v.path("id").asText();
      JsonNode metrics = v.path("metrics");
      out.add(
          new VertexProgress(
              id,
              v.path("name").asText().startsWith("Source: "),
              stages(v.path("name").asText()),
              v.path("parallelism").asInt(),
              v.path("status").asText(),
              metrics.path("read-records").asLong(),
              metrics.path("write-records").asLong(),
              lowestWatermark(rest.getJson("/jobs/" + jobId + "/vertices/" + id + "/watermarks")),
              rest.backpressure(jobId, id)));
    }
    return out;
  }

  /**
   * Short stage names of a vertex. Flink names a vertex by its chained operators ({@code A -> B},
   * {@code A -> (B, C)} where one feeds several); Beam names each operator by its transform path
   * ({@code WindowedAggregate/AdmitEvents/DivertLate}). A stage is the path's first two segments:
   * the pipeline's top-level step and its business step. Consecutive stages of one top-level step
   * are listed once: {@code WindowedAggregate/ParseEvents, AdmitEvents > WriteOutputs/WriteLate}.
   * Flink's own operators (its {@code Flat Map} after a Beam source) are left out.
   */
  public static String stages(String vertexName) {
    Map<String, List<String>> byStep = new LinkedHashMap<>();
    for (String raw : vertexName.split("\\s*->\\s*|,\\s+")) {
      String operator = unwrap(raw.strip());
      if (operator.startsWith("Source: ")) {
        operator = operator.substring("Source: ".length());
      }
      String[] path = operator.split("/");
      if (path.length < 2) {
        continue;
      }
      List<String> steps = byStep.computeIfAbsent(path[0], k -> new ArrayList<>());
      if (!steps.contains(path[1])) {
        steps.add(path[1]);
      }
    }
    List<String> out = new ArrayList<>();
    byStep.forEach((step, inner) -> out.add(step + "/" + String.join(", ", inner)));
    return out.isEmpty() ? vertexName : String.join(" > ", out);
  }

  /** An operator name without the parentheses Flink puts around a fan-out's branches. */
  private static String unwrap(String operator) {
    String s = operator;
    while (s.startsWith("(")) {
      s = s.substring(1);
    }
    while (s.endsWith(")") && count(s, ')') > count(s, '(')) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static long count(String s, char c) {
    return s.chars().filter(ch -> ch == c).count();
  }

  /**
   * The lowest current input watermark of a vertex's subtasks, from {@code
   * /jobs/J/vertices/V/watermarks}; null when none has one yet (Flink reports Long.MIN_VALUE).
   */
  static Long lowestWatermark(JsonNode watermarks) {
    Long lowest = null;
    for (JsonNode w : watermarks) {
      if (!w.path("id").asText().endsWith("currentInputWatermark")) {
        continue;
      }
      long value = (long) w.path("value").asDouble(Long.MIN_VALUE);
      if (value > Long.MIN_VALUE + 1 && (lowest == null || value < lowest)) {
        lowest = value;
      }
    }
    return lowest;
  }

  public static Checkpoints checkpoints(FlinkRest rest, String jobId) {
    JsonNode c = rest.getJson("/jobs/" + jobId + "/checkpoints");
    JsonNode counts = c.path("counts");
    JsonNode last = c.path("latest").path("completed");
    Optional<Checkpoint> latest =
        last.isObject()
            ? Optional.of(
                new Checkpoint(
                    last.path("id").asLong(),
                    last.path("latest_ack_timestamp").asLong(),
                    last.path("end_to_end_duration").asLong(),
                    last.path("checkpointed_size").asLong(last.path("state_size").asLong())))
            : Optional.empty();
    return new Checkpoints(
        counts.path("completed").asLong(), counts.path("failed").asLong(), latest);
  }

  /** The job's counters of one Beam namespace, summed over its vertices and their subtasks. */
  public static Map<String, Long> counters(
      FlinkRest rest, String jobId, List<FlinkRest.Vertex> vertices, String namespace) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (FlinkRest.Vertex v : vertices) {
      VertexGauges.sums(rest, jobId, v.id(), namespace)
          .forEach((name, sum) -> out.merge(name, sum, Long::sum));
    }
    return out;
  }
}
