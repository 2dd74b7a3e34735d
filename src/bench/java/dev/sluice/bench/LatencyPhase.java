package dev.sluice.bench;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Latency at a fixed input rate: each streaming contender reads a topic that is being written at
 * half the slowest contender's maximum, with event time following the wall clock. Latency of a
 * (key, window) = broker append time of its first result minus window end; it includes the
 * out-of-orderness bound every contender waits for (10 s), and in Kafka Streams, which emits only
 * when the window closes, also the allowed lateness (grace 40 s).
 *
 * <p>Counted are the windows that started at least 10 s after the paced input began (none of the
 * start-up catch-up) and closed while it still flowed (end at least grace + 5 s before the last
 * event), not those the final sentinel closed early.
 */
final class LatencyPhase {

  private static final long WARM_UP_MS = 10_000;
  private static final long CLOSED_BEFORE_END_MS = Semantics.GRACE_MS + 5_000;

  /** Warm-up, two whole windows, and the closing margin. */
  static final int MIN_SECONDS =
      (int) ((WARM_UP_MS + 3 * Semantics.WINDOW_MS + CLOSED_BEFORE_END_MS) / 1000);

  private final String bootstrap;
  private final Path dir;
  private final Path flinkConfDir;
  private final Workload workload;
  private final BenchOptions options;
  private final PrintStream out;
  private final WorkloadLoader topics;

  LatencyPhase(
      String bootstrap,
      Path dir,
      Path flinkConfDir,
      Workload workload,
      BenchOptions options,
      PrintStream out) {
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.flinkConfDir = flinkConfDir;
    this.workload = workload;
    this.options = options;
    this.out = out;
    this.topics = new WorkloadLoader(bootstrap);
  }

  void run(Results results) {
    double rate = options.latencyRate() > 0 ? options.latencyRate() : results.latencyRate();
    results.latencyRate = rate;
    out.printf(
        "bench: latency at a fixed %,.0f events/s (%s), %d s per contender%n",
        rate, rateChoice(options), options.latencySeconds());
    for (Contender c : results.contenders()) {
      if (c == Contender.SLUICE_DIRECT || c.throughputOnly()) {
        continue; // Direct's maximum is below the rate; tuning steps, baseline: throughput only
      }
      Results.Latency l = measure(c, rate);
      results.latency.put(c, l);
      out.printf(
          "bench:   %s: latency p50 %.2f s, p99 %.2f s over %,d results, lag at end of input %,d%n",
          c.slug, l.p50(), l.p99(), l.results(), l.lagAtEnd());
    }
  }

  /** How the latency runs' rate was chosen, as the report says it. */
  static String rateChoice(BenchOptions options) {
    return options.latencyRate() > 0 ? "--latency-rate" : "half the slowest non-Direct maximum";
  }

  private Results.Latency measure(Contender c, double rate) {
    String runId = "lat-" + c.slug + "-" + (System.currentTimeMillis() % 1_000_000);
    String input = runId + "-events";
    String output = runId + "-results";
    var ctx =
        new Contender.RunContext(
            bootstrap, input, output, runId, dir, false, flinkConfDir, List.of());
    topics.createTopic(input, false);
    topics.createTopic(output, true);
    c.sideTopics(ctx).forEach(t -> topics.createTopic(t, false));
    out.printf("bench: %s: streaming at %,.0f events/s%n", c.label, rate);
    ChildJvm child = ChildJvm.start(dir, runId, c.mainClass(), c.args(ctx), List.of());
    try {
      // A warm-up record in the past: once the contender has polled it, it is reading.
      topics.writeMarkers(input, Semantics.WARMUP_KEY, System.currentTimeMillis() - 60_000);
      awaitReading(child, c);
      GeneratorConfig paced =
          workload.pacedStream(rate, Duration.ofSeconds(options.latencySeconds()));
      long maxEventTime = topics.pace(input, paced, rate, new PrintWriter(out, true));
      ProcessSample atEnd = child.latest();
      long lag = paced.count() + Workload.PARTITIONS - (atEnd == null ? 0 : atEnd.position(input));
      topics.writeMarkers(input, Semantics.SENTINEL_KEY, maxEventTime + 600_000);
      try (ResultTopic results = new ResultTopic(bootstrap, output, null)) {
        long sentinelAt = System.nanoTime();
        while (System.nanoTime() - sentinelAt < 120_000_000_000L) {
          results.poll();
          if (System.nanoTime() - sentinelAt > 10_000_000_000L
              && results.quietFor().toSeconds() >= 8) {
            break;
          }
        }
        return latencies(results, paced.startTime().toEpochMilli(), maxEventTime, rate, lag);
      }
    } finally {
      child.stop();
      child.kill();
      topics.deleteTopic(input);
      topics.deleteTopic(output);
      c.sideTopics(ctx).forEach(topics::deleteTopic);
    }
  }

  private void awaitReading(ChildJvm child, Contender c) {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      ProcessSample s = child.latest();
      if (s != null && s.firstRecordsMillis() > 0) {
        return;
      }
      if (!child.alive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(c.label + " did not start reading; see " + child.log);
      }
      sleep(200);
    }
  }

  private static Results.Latency latencies(
      ResultTopic results, long inputStart, long maxEventTime, double rate, long lag) {
    List<Long> millis = new ArrayList<>();
    for (Map.Entry<String, Long> e : results.firstAppendMillis().entrySet()) {
      WindowResult r = results.finals().get(e.getKey());
      long start = r.windowStart().toEpochMilli();
      long end = r.windowEnd().toEpochMilli();
      if (start >= inputStart + WARM_UP_MS && end <= maxEventTime - CLOSED_BEFORE_END_MS) {
        millis.add(e.getValue() - end);
      }
    }
    Collections.sort(millis);
    if (millis.isEmpty()) {
      return new Results.Latency(rate, Double.NaN, Double.NaN, 0, lag);
    }
    return new Results.Latency(
        rate,
        percentile(millis, 0.50) / 1000.0,
        percentile(millis, 0.99) / 1000.0,
        millis.size(),
        lag);
  }

  private static long percentile(List<Long> sorted, double q) {
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
