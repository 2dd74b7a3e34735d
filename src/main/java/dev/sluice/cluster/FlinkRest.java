package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The few calls of Flink's REST API the CLI needs (Flink 1.19). Every failure surfaces as a {@link
 * FlinkRestException} whose message is one line a user can act on.
 */
public final class FlinkRest {

  /** How often an asynchronous operation (savepoint) is polled. */
  private static final Duration POLL = Duration.ofSeconds(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http;

  /** {@code master} as given to --flinkMaster: {@code host:port} or {@code http://host:port}. */
  public FlinkRest(String master) {
    this.base = baseUrl(master);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  }

  static String baseUrl(String master) {
    String m = master == null ? "" : master.trim();
    if (m.isEmpty() || m.startsWith("[")) {
      throw new FlinkRestException(
          "--flinkMaster must name a cluster as host:port, not '" + m + "'");
    }
    if (!m.startsWith("http://") && !m.startsWith("https://")) {
      m = "http://" + m;
    }
    return m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
  }

  public String baseUrl() {
    return base;
  }

  /** The web UI page of a job. */
  public String jobUrl(String jobId) {
    return base + "/#/job/running/" + jobId + "/overview";
  }

  // ------------------------------------------------------------------ reading

  public record ClusterOverview(
      int taskManagers, int slotsTotal, int slotsAvailable, String flinkVersion) {}

  public record JobSummary(
      String id, String name, String state, long startTime, long endTime, long durationMillis) {
    /** Not yet in a final state: such a job still holds slots and may still write. */
    public boolean active() {
      return JobStates.active(state);
    }
  }

  public record Vertex(String id, String name, int parallelism, String state) {}

  public record JobDetail(
      String id, String name, String state, long startTime, List<Vertex> vertices) {}

  public record TaskManager(String id, int slots, int freeSlots) {}

  public ClusterOverview overview() {
    JsonNode o = get("/overview");
    return new ClusterOverview(
        o.path("taskmanagers").asInt(),
        o.path("slots-total").asInt(),
        o.path("slots-available").asInt(),
        o.path("flink-version").asText(""));
  }

  /** Every job the JobManager remembers, newest first. */
  public List<JobSummary> jobs() {
    List<JobSummary> jobs = new ArrayList<>();
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      jobs.add(
          new JobSummary(
              j.path("jid").asText(),
              j.path("name").asText(),
              j.path("state").asText(),
              j.path("start-time").asLong(),
              j.path("end-time").asLong(),
              j.path("duration").asLong()));
    }
    jobs.sort(Comparator.comparingLong(JobSummary::startTime).reversed());
    return jobs;
  }

  /** The job, or empty if this cluster does not know it (another cluster, or restarted since). */
  public Optional<JobDetail> job(String jobId) {
    Optional<JsonNode> found = getIfFound("/jobs/" + jobId);
    return found.map(
        j -> {
          List<Vertex> vertices = new ArrayList<>();
          for (JsonNode v : j.path("vertices")) {
            vertices.add(
                new Vertex(
                    v.path("id").asText(),
                    v.path("name").asText(),
                    v.path("parallelism").asInt(),
                    v.path("status").asText()));
          }
          return new JobDetail(
              j.path("jid").asText(),
              j.path("name").asText(),
              j.path("state").asText(),
              j.path("start-time").asLong(),
              vertices);
        });
  }

  /** The TaskManagers running subtasks of the vertex (ids), as Flink reports them. */
  public List<String> taskManagersOf(String jobId, String vertexId) {
    List<String> ids = new ArrayList<>();
    for (JsonNode t :
        get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers").path("taskmanagers")) {
      ids.add(t.path("taskmanager-id").asText());
    }
    return ids;
  }

  public List<TaskManager> taskManagers() {
    List<TaskManager> tms = new ArrayList<>();
    for (JsonNode t : get("/taskmanagers").path("taskmanagers")) {
      tms.add(
          new TaskManager(
              t.path("id").asText(), t.path("slotsNumber").asInt(), t.path("freeSlots").asInt()));
    }
    return tms;
  }

  /**
   * The path of the job's latest completed checkpoint (or savepoint), which a new job can restore
   * from. Flink keeps these statistics for finished and cancelled jobs as long as it keeps the job.
   */
  public Optional<String> latestCheckpoint(String jobId) {
    return getIfFound("/jobs/" + jobId + "/checkpoints")
        .map(c -> c.path("latest").path("completed").path("external_path").asText(""))
        .filter(p -> !p.isBlank() && !p.equals("<checkpoint-not-externally-addressable>"));
  }

  /** Why a job failed (or last restarted), as one line; empty if Flink recorded no exception. */
  public Optional<String> failureCause(String jobId) {
    return getIfFound("/jobs/" + jobId + "/exceptions")
        .map(
            e -> {
              JsonNode latest = e.path("exceptionHistory").path("entries").path(0);
              String trace = latest.path("stacktrace").asText(e.path("root-exception").asText(""));
              return trace.isBlank() ? "" : FlinkErrors.rootCause(trace);
            })
        .filter(c -> !c.isBlank());
  }

  /**
   * Polls the job's state until {@code done} accepts it or the timeout passes; returns the last
   * state seen ("UNKNOWN" if the cluster does not know the job).
   */
  public String awaitState(String jobId, Predicate<String> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String state = job(jobId).map(JobDetail::state).orElse("UNKNOWN");
      if (done.test(state) || System.nanoTime() > deadline) {
        return state;
      }
      sleep(Duration.ofMillis(500));
    }
  }

  /**
   * Back pressure of one vertex: Flink's level (ok, low, high, or "sampling" while Flink has no
   * recent sample; the first request starts the sampling) and the highest ratio of its subtasks.
   */
  public record Backpressure(String level, double maxRatio) {}

  public Backpressure backpressureOf(String jobId, String vertexId) {
    JsonNode b = get("/jobs/" + jobId + "/vertices/" + vertexId + "/backpressure");
    String level = b.path("backpressureLevel").asText(b.path("backpressure-level").asText(""));
    double ratio = Double.NaN;
    for (JsonNode s : b.path("subtasks")) {
      ratio =
          Double.isNaN(ratio)
              ? s.path("ratio").asDouble()
              : Math.max(ratio, s.path("ratio").asDouble());
    }
    boolean sampled = "ok".equals(b.path("status").asText()) && !level.isEmpty();
    return sampled
        ? new Backpressure(level.toLowerCase(), ratio)
        : new Backpressure("sampling", Double.NaN);
  }

  /** The back-pressure level of one vertex (see {@link #backpressureOf}). */
  public String backpressure(String jobId, String vertexId) {
    return backpressureOf(jobId, vertexId).level();
  }

  // ------------------------------------------------------------------ acting

  public void cancel(String jobId) {
    send("PATCH", "/jobs/" + jobId + "?mode=cancel", null, "cancel job " + jobId);
  }

  /** Triggers a savepoint, the job keeps running; returns the savepoint path. */
  public String savepoint(String jobId, String targetDirectory, Consumer<Duration> progress) {
    ObjectNode body = JSON.createObjectNode();
    if (targetDirectory != null) {
      body.put("target-directory", targetDirectory);
    }
    body.put("cancel-job", false);
    JsonNode trigger =
        send("POST", "/jobs/" + jobId + "/savepoints", body, "savepoint of job " + jobId);
    return awaitSavepoint(jobId, trigger.path("request-id").asText(), progress);
  }

  /** Stop-with-savepoint: sources stop, a final savepoint is taken, the job ends FINISHED. */
  public String stopWithSavepoint(
      String jobId, String targetDirectory, Consumer<Duration> progress) {
    ObjectNode body = JSON.createObjectNode();
    if (targetDirectory != null) {
      body.put("targetDirectory", targetDirectory);
    }
    // drain=false: windows stay open in the savepoint instead of being flushed as if time ended.
    body.put("drain", false);
    JsonNode trigger =
        send("POST", "/jobs/" + jobId + "/stop", body, "stop-with-savepoint of job " + jobId);
    return awaitSavepoint(jobId, trigger.path("request-id").asText(), progress);
  }

  private String awaitSavepoint(String jobId, String triggerId, Consumer<Duration> progress) {
    long start = System.nanoTime();
    while (true) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode op = status.path("operation");
        if (op.hasNonNull("location")) {
          return op.path("location").asText();
        }
        JsonNode cause = op.path("failure-cause");
        throw new FlinkRestException(
            "savepoint of job "
                + jobId
                + " failed: "
                + FlinkErrors.rootCause(cause.path("stack-trace").asText(cause.toString())));
      }
      progress.accept(Duration.ofNanos(System.nanoTime() - start));
      sleep(POLL);
    }
  }

  // ------------------------------------------------------------------ HTTP

  /** A GET of any REST path (starting with {@code /}), for readers such as {@link VertexGauges}. */
  public JsonNode getJson(String path) {
    return get(path);
  }

  private JsonNode get(String path) {
    return send("GET", path, null, "GET " + path);
  }

  private Optional<JsonNode> getIfFound(String path) {
    try {
      return Optional.of(get(path));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  private JsonNode send(String method, String path, JsonNode body, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new FlinkRestException(
          "no Flink cluster answers at " + base + " (start one with scripts/flink-cluster start)");
    } catch (IOException e) {
      throw new FlinkRestException(
          "the Flink cluster at " + base + " did not answer " + what + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException("interrupted during " + what);
    }
    JsonNode json = parse(response.body());
    int code = response.statusCode();
    if (code >= 200 && code < 300) {
      return json;
    }
    String error = FlinkErrors.rootCause(json.path("errors").path(0).asText(response.body()));
    if (code == 404) {
      throw new NotFound(what + ": not found on the cluster at " + base + " (" + error + ")");
    }
    throw new FlinkRestException(what + " failed (HTTP " + code + "): " + error);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("errors", body);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException("interrupted while waiting for Flink");
    }
  }

  /** A job, checkpoint or operation the cluster does not know. */
  static final class NotFound extends FlinkRestException {
    NotFound(String message) {
      super(message);
    }
  }
}
