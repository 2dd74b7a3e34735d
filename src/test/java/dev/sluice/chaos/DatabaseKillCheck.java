package dev.sluice.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.LiveStream;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import dev.sluice.testing.Postgres;
import dev.sluice.testing.WindowedAggregateTable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 17: windowed-aggregate on the real cluster writing to PostgreSQL as well as Kafka, with its
 * TaskManager killed mid-run. The restored job replays from its last checkpoint, so panes written
 * to the table after that checkpoint are written again; the upsert must make that harmless. After
 * the input closes, the table must hold exactly the committed results topic's windows, with their
 * values.
 */
final class DatabaseKillCheck {

  private DatabaseKillCheck() {}

  static void run(ChaosSite site, PrintStream log) throws Exception {
    ChaosEnvironment env = new ChaosEnvironment(site, log);
    ChaosPlan plan = ChaosPlan.quick();
    boolean startedBroker = env.ensureBroker();
    PipelineSpec<WindowedAggregatePipeline.Options> spec = WindowedAggregatePipeline.SPEC;
    String tag = "db-kill-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    String jobName = "chaos-" + tag;
    try (Postgres postgres = Postgres.start()) {
      List<String> args = new ArrayList<>(spec.scenarioArgs(tag, env.workDir()));
      args.addAll(
          List.of(
              "--bootstrapServers=" + env.bootstrapServers(),
              "--groupId=" + jobName,
              "--maxOutOfOrderness=10s",
              "--idleTimeout=5s",
              "--checkpointingInterval=5000"));
      args.addAll(spec.workload().liveArgs());
      args.addAll(List.of(postgres.flags()));
      WindowedAggregatePipeline.Options options = spec.parse(args.toArray(new String[0]));
      PipelineRun.createTopics(spec, options, 2, 2);
      Map<String, Object> client = Map.of("bootstrap.servers", env.bootstrapServers());
      LiveStream events = LiveStream.of(spec.workload().scenario(), tag + "-", plan.rate());
      try (SteadyProducer producer =
          new SteadyProducer(client, options.getInputTopic().get(0), events, plan.rate())) {
        env.submit(spec.name(), jobName, 2, args, null);
        awaitRows(postgres, 1, Duration.ofMinutes(3));
        Thread.sleep(plan.warmUp().toMillis());
        int before = WindowedAggregateTable.rows(postgres).size();
        long fault = System.nanoTime();
        env.killTaskManager();
        env.addTaskManager();
        awaitRows(postgres, before + 1, Duration.ofMinutes(3));
        log.printf(
            "chaos: %s: rows grew again %.1f s after the TaskManager kill (%d before)%n",
            tag, (System.nanoTime() - fault) / 1e9, before);
        Thread.sleep(plan.afterRecovery().toMillis());
        producer.stopAndCloseWindows();
        AuditReport audit = settle(spec, options, plan.settle(), log);
        assertTrue(audit.clean(), audit.format());
      } finally {
        env.cancelQuietly(jobName);
      }
      List<String> committed =
          TopicSnapshot.values(env.bootstrapServers(), options.getOutputTopic());
      Map<String, String> expected =
          WindowedAggregateTable.values(WindowedAggregateTable.expected(committed));
      Map<String, String> table =
          WindowedAggregateTable.values(WindowedAggregateTable.rows(postgres));
      log.printf(
          "chaos: %s: %d panes committed, %d windows; the table holds %d rows%n",
          tag, committed.size(), expected.size(), table.size());
      assertTrue(expected.size() > 20, "windows: " + expected.size());
      assertEquals(expected, table, "the table differs from the committed results");
    } finally {
      if (startedBroker) {
        env.stopBroker();
      }
    }
  }

  private static void awaitRows(Postgres postgres, int atLeast, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (WindowedAggregateTable.rows(postgres).size() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + atLeast + " rows after " + timeout);
      }
      Thread.sleep(1000);
    }
  }

  private static AuditReport settle(
      PipelineSpec<WindowedAggregatePipeline.Options> spec,
      WindowedAggregatePipeline.Options options,
      Duration settle,
      PrintStream log)
      throws InterruptedException {
    long deadline = System.nanoTime() + settle.toNanos();
    AuditReport report = spec.audit(options);
    while (!report.clean() && System.nanoTime() < deadline) {
      log.printf("chaos: waiting for the last results: lost %d so far%n", report.lost());
      Thread.sleep(5000);
      report = spec.audit(options);
    }
    return report;
  }
}
