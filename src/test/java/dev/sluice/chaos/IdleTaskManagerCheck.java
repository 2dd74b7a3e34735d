package dev.sluice.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.generator.LiveStream;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kafka.Topics;
import dev.sluice.time.PartitionProgress;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A merge on the real cluster with two TaskManagers, of a busy topic and a quiet one with one
 * partition each: Kafka's reader gives each subtask one partition, and the scheduler puts the two
 * subtasks on different TaskManagers, so one TaskManager reads only an idle partition. Before the
 * log-tail frontier, that TaskManager's watermark stayed at the minimum and nothing was ever
 * merged; now the idle partition adopts the frontier of the busy one's log and events flow.
 */
final class IdleTaskManagerCheck {

  private IdleTaskManagerCheck() {}

  static void run(ChaosSite site, PrintStream log) throws Exception {
    ChaosEnvironment env = new ChaosEnvironment(site, log);
    boolean startedBroker = env.ensureBroker();
    String tag = "idle-tm-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    String events = tag + "-events", quiet = tag + "-quiet", merged = tag + "-merged";
    Map<String, Object> client = Map.of("bootstrap.servers", env.bootstrapServers());
    for (String t : List.of(events, quiet, merged, tag + "-dead", tag + "-late")) {
      Topics.create(client, t, 1, Map.of());
    }
    List<String> args =
        List.of(
            "--bootstrapServers=" + env.bootstrapServers(),
            "--inputTopic=" + events + "," + quiet,
            "--outputTopic=" + merged,
            "--deadLetterTopic=" + tag + "-dead",
            "--lateTopic=" + tag + "-late",
            "--groupId=" + tag,
            "--maxOutOfOrderness=2s",
            "--idleTimeout=5s",
            "--checkpointingInterval=5000");
    try (SteadyProducer producer =
        new SteadyProducer(client, events, LiveStream.of("sensor", tag + "-", 20), 20)) {
      env.addTaskManager();
      env.submit("merge", tag, 2, args, null);
      FlinkRest rest = new FlinkRest(env.flinkMaster());
      String jobId = env.flinkJobId(tag);
      FlinkRest.Vertex source =
          rest.job(jobId).orElseThrow().vertices().stream()
              .filter(v -> v.name().contains("ReadEvents"))
              .findFirst()
              .orElseThrow();
      List<String> hosts = rest.taskManagersOf(jobId, source.id());
      log.printf("chaos: %s: the reader's subtasks run on %s%n", tag, hosts);
      assertEquals(2, new HashSet<>(hosts).size(), "the two readers share a TaskManager: " + hosts);
      long deadline = System.nanoTime() + 120_000_000_000L;
      int out = 0;
      while (System.nanoTime() < deadline && out < 100) {
        Thread.sleep(2000);
        out = TopicSnapshot.readAllBytes(env.bootstrapServers(), merged).size();
      }
      log.printf(
          "chaos: %s: %d events written, %d merged while one TaskManager read only an idle"
              + " partition%n",
          tag, producer.written(), out);
      assertTrue(out >= 100, "only " + out + " events merged: the idle TaskManager held them back");
      // What an operator sees: the busy partition's watermark, read from the cluster's REST API.
      // Flink's metric store is refreshed in the background after a request, and a gauge first
      // reaches it once a bundle has ended on its TaskManager, so one look may come too early.
      long seeBy = System.nanoTime() + 30_000_000_000L;
      String jobs = env.jobsVerbose();
      while (!showsWatermark(jobs, events + "-0") && System.nanoTime() < seeBy) {
        Thread.sleep(3000);
        jobs = env.jobsVerbose();
      }
      assertTrue(
          showsWatermark(jobs, events + "-0"),
          "sluice jobs -v shows no watermark for "
              + events
              + "-0 within 30 s (readers on "
              + hosts
              + "; the source's partition metrics: "
              + partitionMetricIds(rest, jobId, source.id())
              + "):\n"
              + jobs);
    } finally {
      env.cancelQuietly(tag);
      if (startedBroker) {
        env.stopBroker();
      }
    }
  }

  private static boolean showsWatermark(String jobs, String partition) {
    return jobs.lines().anyMatch(l -> l.contains(partition) && l.contains("watermark 20"));
  }

  /** What Flink's metric store lists for the partition gauges, for a failure message. */
  private static List<String> partitionMetricIds(FlinkRest rest, String jobId, String vertexId) {
    List<String> ids = new java.util.ArrayList<>();
    rest.getJson("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics")
        .forEach(
            m -> {
              String id = m.path("id").asText();
              if (id.contains(PartitionProgress.NAMESPACE)) {
                ids.add(id);
              }
            });
    return ids;
  }
}
