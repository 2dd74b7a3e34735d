package dev.sluice.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.JobProgress;
import dev.sluice.generator.LiveStream;
import dev.sluice.kafka.Topics;
import dev.sluice.transforms.SluiceMetrics;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator sees of a streaming windowed-aggregate on the real cluster: {@code submit}
 * reports RUNNING only once every task runs; every JobManager and TaskManager serves Prometheus
 * metrics, and the Sluice counters scraped from them add up like a run summary's once the job has
 * caught up; {@code sluice top JOB} shows them with the job's tasks and checkpoints; {@code
 * cancel}'s resume command keeps the parallelism.
 */
final class OperabilityCheck {

  /** A Sluice counter as Flink's Prometheus reporter names it, with the job's id among labels. */
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^flink_taskmanager_job_task_operator_sluice_([a-z_]+)\\{([^}]*)\\}\\s+(\\S+)$");

  private OperabilityCheck() {}

  static void run(ChaosSite site, PrintStream log) throws Exception {
    ChaosEnvironment env = new ChaosEnvironment(site, log);
    boolean startedBroker = env.ensureBroker();
    String tag = "ops-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    String events = tag + "-events";
    Map<String, Object> client = Map.of("bootstrap.servers", env.bootstrapServers());
    Topics.create(client, events, 2, Map.of());
    for (String t : List.of(tag + "-results", tag + "-dead", tag + "-late")) {
      Topics.create(client, t, 1, Map.of());
    }
    List<String> args =
        List.of(
            "--bootstrapServers=" + env.bootstrapServers(),
            "--inputTopic=" + events,
            "--outputTopic=" + tag + "-results",
            "--deadLetterTopic=" + tag + "-dead",
            "--lateTopic=" + tag + "-late",
            "--groupId=" + tag,
            "--checkpointingInterval=5000");
    SteadyProducer producer =
        new SteadyProducer(client, events, LiveStream.of("sensor", tag + "-", 50), 50);
    try {
      env.submit("windowed-aggregate", tag, 2, args, null);
      FlinkRest rest = new FlinkRest(env.flinkMaster());
      String jobId = env.flinkJobId(tag);
      JobProgress.Tasks tasks = JobProgress.tasks(rest, jobId);
      assertTrue(tasks.allStarted(), "submit returned while only " + tasks);

      List<String> endpoints = env.metricsEndpoints();
      assertTrue(endpoints.size() >= 2, "not every process serves metrics: " + endpoints);
      Map<String, Double> during = Map.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (during.getOrDefault(SluiceMetrics.READ, 0.0) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(2000);
        during = scrape(endpoints, jobId);
      }
      log.printf("chaos: %s: scraped while running: %s%n", tag, during);
      assertTrue(during.getOrDefault(SluiceMetrics.READ, 0.0) > 0, "no records_read scraped");
      String top = env.sluiceOutput("top", tag, "--once");
      for (String shown :
          List.of(SluiceMetrics.READ, events + "-0", "tasks running", "checkpoints:", "stages")) {
        assertTrue(top.contains(shown), "sluice top shows no '" + shown + "':\n" + top);
      }

      producer.close();
      long written = producer.written();
      Map<String, Double> after = scrape(endpoints, jobId);
      deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!(caughtUp(after, written) && balanced(after)) && System.nanoTime() < deadline) {
        Thread.sleep(2000);
        after = scrape(endpoints, jobId);
      }
      log.printf("chaos: %s: %d written; scraped after catching up: %s%n", tag, written, after);
      assertTrue(caughtUp(after, written), "read fewer than the " + written + " written: " + after);
      assertTrue(balanced(after), "the scraped counters do not add up: " + after);

      String cancelled = env.sluiceOutput("cancel", tag);
      assertTrue(
          cancelled
              .lines()
              .anyMatch(l -> l.contains("resume with") && l.contains("--parallelism=2")),
          "cancel's resume command loses the parallelism:\n" + cancelled);
    } finally {
      producer.close();
      env.cancelQuietly(tag);
      if (startedBroker) {
        env.stopBroker();
      }
    }
  }

  private static boolean caughtUp(Map<String, Double> c, long written) {
    return c.getOrDefault(SluiceMetrics.READ, 0.0) >= written;
  }

  /** The run summary's identities for a gate pipeline (kit.Accounting.ofAdmission). */
  private static boolean balanced(Map<String, Double> c) {
    double read = c.getOrDefault(SluiceMetrics.READ, 0.0);
    double valid = c.getOrDefault(SluiceMetrics.VALID, 0.0);
    return read > 0
        && read == valid + c.getOrDefault(SluiceMetrics.INVALID, 0.0)
        && valid
            == c.getOrDefault(SluiceMetrics.DUPLICATES, 0.0)
                + c.getOrDefault(SluiceMetrics.AGGREGATED, 0.0)
                + c.getOrDefault(SluiceMetrics.LATE, 0.0);
  }

  /** The job's Sluice counters summed over every endpoint, subtask and operator. */
  static Map<String, Double> scrape(List<String> endpoints, String jobId) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Double> sums = new HashMap<>();
    for (String url : endpoints) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(response.statusCode() == 200, url + " answered " + response.statusCode());
      assertTrue(response.body().contains("flink_"), url + " serves no Flink metrics");
      for (String line : response.body().split("\n")) {
        Matcher m = SAMPLE.matcher(line);
        if (m.matches() && m.group(2).contains("job_id=\"" + jobId + "\"")) {
          sums.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
        }
      }
    }
    return sums;
  }
}
