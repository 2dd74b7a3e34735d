package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.kit.Database;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.Postgres;
import dev.sluice.testing.Runners;
import dev.sluice.testing.WindowedAggregateTable;
import dev.sluice.transforms.SluiceMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 1: a database that goes away for 20 s while a streaming run writes to it and is
 * fed. The writes wait and retry; once it is back, the table equals the results topic's latest
 * panes: nothing is lost, and the run never stopped.
 */
class DatabaseOutageTest {

  static final Duration OUTAGE = Duration.ofSeconds(20);
  // A liveness bound, not a speed target: with two test JVMs on 2 cores the Direct runner can be
  // starved for a minute while a Flink test runs beside it. A wait fails when the run's counters
  // stood still this long.
  static final Duration WAIT = Duration.ofSeconds(180);
  static final dev.sluice.time.EventWindows WINDOWS =
      new dev.sluice.time.EventWindows(
          org.joda.time.Duration.standardSeconds(10), org.joda.time.Duration.standardSeconds(30));

  @Test
  void aTwentySecondOutageLosesNoResult() throws Exception {
    outage("db-outage", true, "--runner=DirectRunner");
  }

  /**
   * The same on embedded Flink, detached so the test can watch it. A detached job's counters do not
   * reach the test while it runs, so retries are not counted here (the log shows them). Without
   * checkpoints Flink does not restart a failed job: a write that gave up would end it FAILED, so a
   * job still RUNNING with the table complete shows that the write waited.
   */
  @Test
  void aTwentySecondOutageOnFlinkLosesNoResult() throws Exception {
    outage(
        "db-outage-flink",
        false,
        "--runner=FlinkRunner",
        "--streaming=true",
        "--parallelism=2",
        "--attachedMode=false");
  }

  /**
   * @param liveCounters the run's counters can be read while it runs (then retries must be counted
   *     and the input's reading is followed by them)
   */
  private void outage(String name, boolean liveCounters, String... runner) throws Exception {
    long testStart = System.nanoTime();
    GeneratorConfig config = WindowedAggregateKafkaTest.events().count(1200).build();
    KafkaScenario s = new KafkaScenario(name, 3, config);
    int quarter = s.generatedCount() / 4;
    try (Postgres postgres = Postgres.start()) {
      s.produceByKey(0, quarter);
      PipelineResult run = s.startStreaming(Runners.with(runner, postgres.flags()));
      // What shows the run is alive: its counters, or else the panes it has written.
      Watch watch =
          new Watch(
              run, liveCounters ? () -> RunSummary.counters(run) : () -> s.resultJson().size());
      long started = System.nanoTime();
      try {
        watch.await(
            "rows before the outage", () -> WindowedAggregateTable.rows(postgres).size() >= 5);
        Map<String, String> before = WindowedAggregateTable.rows(postgres);

        // Down for 20 s and fed meanwhile, the rest of the input (and an event well past it in
        // every partition, which closes every window) half-way: all of it waits for the database.
        long down = System.nanoTime();
        postgres.pause();
        long readBefore = read(run);
        int panesBefore = s.resultJson().size();
        s.produceByKey(quarter, 2 * quarter);
        sleepUntil(down + OUTAGE.toNanos() / 2);
        s.produceByKey(2 * quarter, s.generatedCount());
        Instant flush =
            config
                .startTime()
                .plusSeconds(s.generatedCount() / 20 + 120)
                .truncatedTo(ChronoUnit.SECONDS);
        s.produceToEveryPartition(
            CloudEvents.json("/sensors/flush", "flush", "zz-flush", flush, 0.0));
        sleepUntil(down + OUTAGE.toNanos());
        postgres.resume();
        long up = System.nanoTime();
        assertRunning(run);
        long readDuring = read(run) - readBefore;
        int panesDuring = s.resultJson().size() - panesBefore;

        watch.await(
            "a write after the outage",
            () -> !WindowedAggregateTable.rows(postgres).equals(before));
        long firstWrite = System.nanoTime();
        if (liveCounters) {
          // The audit reads every topic: only once the run has read all the input.
          watch.await("all the input read", () -> read(run) >= s.generatedCount() + 3);
        }
        WindowedAggregateReport[] topic = new WindowedAggregateReport[1];
        watch.await(
            "every window's final pane in the results topic",
            () -> {
              topic[0] = s.audit(WINDOWS);
              return topic[0].lost() == 0 && topic[0].windowsOpen() <= 1;
            },
            () -> topic[0].format());
        long topicDone = System.nanoTime();
        watch.await(
            "the table to equal the results topic",
            () ->
                WindowedAggregateTable.expected(s.resultValues())
                    .equals(WindowedAggregateTable.rows(postgres)));
        long caughtUp = System.nanoTime();
        Map<String, Long> counters = RunSummary.counters(run);
        long retries = counters.getOrDefault(Database.RETRIES, 0L);
        System.err.printf(
            "%s: down %.1f s, retries %s, writes stalled %.1f s (first write %.1f s after it was"
                + " back), %d windows in the table, test %.1f s%n",
            name,
            seconds(up - down),
            liveCounters ? retries : "(not counted live)",
            seconds(firstWrite - down),
            seconds(firstWrite - up),
            WindowedAggregateTable.rows(postgres).size(),
            seconds(System.nanoTime() - testStart));
        System.err.printf(
            "phases: set-up %.1f s, first rows %.1f s, outage %.1f s, topic final %.1f s, table"
                + " caught up %.1f s; during the outage %s records read, %d panes written to the"
                + " results topic of %d in all%n",
            seconds(started - testStart),
            seconds(down - started),
            seconds(up - down),
            seconds(topicDone - firstWrite),
            seconds(caughtUp - topicDone),
            liveCounters ? readDuring + " of " + (s.generatedCount() + 3 - readBefore) : "n/a",
            panesDuring,
            s.resultJson().size());
        if (liveCounters) {
          assertTrue(retries > 0, "no retry counted: " + counters);
        }
        // The back-off pauses at most 5 s between attempts.
        assertTrue(
            firstWrite - up < Duration.ofSeconds(10).toNanos(),
            "the writes noticed the database back only after " + seconds(firstWrite - up) + " s");
        assertEquals(
            WindowedAggregateTable.expected(s.resultValues()),
            WindowedAggregateTable.rows(postgres),
            "the table differs from the results topic");
        assertRunning(run);
      } finally {
        if (!ended(run)) {
          run.cancel();
        }
      }
    }
  }

  /**
   * Down for longer than --jdbcOutageTimeout: the run fails in one line naming the flag, that long
   * after the first failed attempt (every writer gives up together).
   */
  @Test
  void anOutageLongerThanTheTimeoutFailsTheRunInOneLine() throws Exception {
    KafkaScenario s =
        new KafkaScenario("db-gone", 1, WindowedAggregateKafkaTest.events().count(300).build());
    s.produceByKey();
    try (Postgres postgres = Postgres.start()) {
      // Down once the launch has created the table, before the first write.
      long[] down = new long[1];
      Thread outage =
          new Thread(
              () -> {
                try {
                  while (!tableExists(postgres)) {
                    Thread.sleep(20);
                  }
                  postgres.pause();
                  down[0] = System.nanoTime();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      outage.start();
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () ->
                  s.runBounded(
                      "--runner=DirectRunner",
                      postgres.flags()[0],
                      postgres.flags()[1],
                      "--jdbcOutageTimeout=3s"));
      outage.join();
      double failedAfter = seconds(System.nanoTime() - down[0]);
      System.err.printf("gave up %.1f s after the database went down: %s%n", failedAfter, e);
      assertTrue(failedAfter < 15, "failed " + failedAfter + " s after the database went down");
      assertTrue(
          e.getMessage().contains("longer than --jdbcOutageTimeout (3.0 s)"), e.getMessage());
      assertTrue(e.getMessage().contains("raise --jdbcOutageTimeout"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }

  private static long read(PipelineResult run) {
    return RunSummary.counters(run).getOrDefault(SluiceMetrics.READ, 0L);
  }

  private static boolean tableExists(Postgres postgres) throws Exception {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery("SELECT to_regclass('windowed_aggregate_results') IS NOT NULL")) {
      return r.next() && r.getBoolean(1);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /** A running job and what shows that it moves. */
  private record Watch(PipelineResult run, java.util.function.Supplier<Object> progress) {

    void await(String what, Check check) throws Exception {
      await(what, check, () -> "");
    }

    /**
     * Polls {@code check} until it holds, failing at once if the run ended (a failed write), or
     * once its progress has not moved for {@link #WAIT}: a stuck run, not a slow one (a starved
     * runner still moves). A timeout's message ends with {@code detail}, what the last check saw.
     */
    void await(String what, Check check, java.util.function.Supplier<String> detail)
        throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      long cap = System.nanoTime() + 4 * WAIT.toNanos();
      Object seen = progress.get();
      while (true) {
        long start = System.nanoTime();
        if (check.holds()) {
          return;
        }
        assertRunning(run);
        Object now = progress.get();
        if (!now.equals(seen)) {
          seen = now;
          deadline = System.nanoTime() + WAIT.toNanos();
        }
        long t = System.nanoTime();
        boolean stuck = t >= deadline;
        if (stuck || t >= cap) {
          throw new AssertionError(
              "timed out waiting for "
                  + what
                  + (stuck ? ": the run did not move for " + WAIT.toSeconds() + " s " + now : "")
                  + "\n"
                  + detail.get());
        }
        // At least as long as the check took: the audit reads four topics on a 2-core machine.
        Thread.sleep(Math.max(250, (System.nanoTime() - start) / 1_000_000));
      }
    }
  }

  /** A write that fails ends the run (FAILED; Direct logs nothing, Flink has no restarts here). */
  private static void assertRunning(PipelineResult run) {
    assertTrue(!ended(run), "the run ended, a write must have failed");
  }

  /** Terminal, or gone: a detached embedded Flink job's cluster shuts down with the job. */
  private static boolean ended(PipelineResult run) {
    try {
      return run.getState().isTerminal();
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
