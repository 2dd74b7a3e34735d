package dev.sluice.bench;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A deliberately slow sink: Sluice on the FlinkRunner (streaming, p=2) reads a topic written at a
 * fixed rate it can sustain ({@code --rate}); after {@link #SLOW_FROM_S} s a broker quota throttles
 * its producers (client id {@link #SINK_CLIENT}) to {@link #QUOTA_BYTES_PER_S} B/s, and at {@link
 * #SLOW_UNTIL_S} s the quota is lifted. The producers get a small buffer (1 MB) so the slowness
 * reaches Flink instead of piling up in the client. Every 2 s: consumer lag (end offsets minus the
 * positions the contender fetched), heap, results appended per second, and Flink's own
 * back-pressure figure from its REST API. Afterwards the results are compared with the limit loop's
 * over the same topic: nothing lost.
 */
final class BackpressureScenario {

  static final String SINK_CLIENT = "bench-slow-sink";

  static final double QUOTA_BYTES_PER_S = 20_000;
  static final int SLOW_FROM_S = 30;
  static final int SLOW_UNTIL_S = 70;
  private static final Chart.Phase SLOW_PHASE =
      new Chart.Phase(SLOW_FROM_S, SLOW_UNTIL_S, "slow sink");
  static final int INPUT_S = 110;

  private final String bootstrap;
  private final Path dir;
  private final Path flinkConf;
  private final BenchOptions options;
  private final PrintStream out;
  private final WorkloadLoader topics;

  /** One sample of the timeline. */
  record Point(
      double t,
      String phase,
      long lag,
      double heapMb,
      double rssMb,
      double resultsPerS,
      FlinkRest.Pressure pressure) {}

  BackpressureScenario(
      String bootstrap, Path dir, Path flinkConf, BenchOptions options, PrintStream out) {
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.flinkConf = flinkConf;
    this.options = options;
    this.out = out;
    this.topics = new WorkloadLoader(bootstrap);
  }

  int run() throws Exception {
    String input = "bp-events";
    String output = "bp-results";
    topics.createTopic(input, false);
    topics.createTopic(output, true);
    var ctx =
        new Contender.RunContext(
            bootstrap,
            input,
            output,
            "bp-sluice",
            dir,
            false,
            flinkConf,
            List.of("client.id=" + SINK_CLIENT, "buffer.memory=1048576"));
    Contender c = Contender.SLUICE_FLINK;
    c.sideTopics(ctx).forEach(t -> topics.createTopic(t, false));
    out.printf(
        "bench: backpressure: %s streaming at %,d events/s for %d s; sink throttled to %,.0f B/s from %d s to %d s%n",
        c.label, options.backpressureRate(), INPUT_S, QUOTA_BYTES_PER_S, SLOW_FROM_S, SLOW_UNTIL_S);
    ChildJvm child = ChildJvm.start(dir, "bp-sluice", c.mainClass(), c.args(ctx), List.of());
    List<Point> timeline = new CopyOnWriteArrayList<>();
    Map<String, WindowResult> finals;
    String restAddress;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      topics.writeMarkers(input, Semantics.WARMUP_KEY, System.currentTimeMillis() - 60_000);
      awaitReading(child);
      FlinkRest rest = new FlinkRest();
      long t0 = System.nanoTime();
      Sampler sampler = new Sampler(child, rest, input, output, t0, timeline);
      Thread sampling = new Thread(sampler, "bench-bp-sampler");
      sampling.start();
      Thread throttle =
          new Thread(
              () -> {
                sleepUntil(t0, SLOW_FROM_S);
                setQuota(admin, QUOTA_BYTES_PER_S);
                sampler.phase = "slow sink";
                out.println(
                    "bench:   quota on: producer_byte_rate="
                        + (long) QUOTA_BYTES_PER_S
                        + " for client.id="
                        + SINK_CLIENT);
                sleepUntil(t0, SLOW_UNTIL_S);
                setQuota(admin, null);
                sampler.phase = "recovered";
                out.println("bench:   quota lifted");
              },
              "bench-bp-throttle");
      throttle.start();
      GeneratorConfig paced =
          Workload.of(0).pacedStream(options.backpressureRate(), Duration.ofSeconds(INPUT_S));
      long maxEventTime = topics.pace(input, paced, options.backpressureRate(), null);
      throttle.join();
      sampler.phase = "input ended";
      topics.writeMarkers(input, Semantics.SENTINEL_KEY, maxEventTime + 600_000);
      // Drained: no lag and no new results for a while.
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (System.nanoTime() < deadline) {
        Thread.sleep(2000);
        Point last = timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
        if (last != null && last.lag() == 0 && sampler.quietSeconds() >= 8) {
          break;
        }
      }
      sampler.stop = true;
      sampling.join();
      finals = sampler.finals();
      restAddress = rest.address();
    } finally {
      child.stop();
      child.kill();
    }
    out.println("bench: backpressure: reference = the limit loop over the same topic");
    ThroughputRun.Outcome reference =
        new ThroughputRun(bootstrap, dir, flinkConf, out)
            .run(
                Contender.LIMIT,
                0,
                new WorkloadLoader.Loaded(
                    input, (long) options.backpressureRate() * INPUT_S + 4, 0),
                null,
                1);
    Verdict verdict = Verdict.compare(reference.finals(), finals);
    String summary = summarize(timeline, verdict, restAddress);
    out.println(summary);
    Path md = write(timeline, summary);
    out.println("bench: report " + md);
    return verdict.equal() ? 0 : 1;
  }

  /** The timeline's story in a few lines. */
  private static String summarize(List<Point> timeline, Verdict verdict, String rest) {
    StringBuilder sb = new StringBuilder();
    String[] phases = {"normal", "slow sink", "recovered", "input ended"};
    for (String phase : phases) {
      List<Point> ps = timeline.stream().filter(p -> p.phase().equals(phase)).toList();
      if (ps.isEmpty()) {
        continue;
      }
      sb.append(
          String.format(
              "- %-11s (%3.0f-%3.0f s): lag max %,d records (at end %,d); heap used max %.0f MB; "
                  + "results appended %,.0f/s median; Flink back pressure max %s%n",
              phase,
              ps.get(0).t(),
              ps.get(ps.size() - 1).t(),
              ps.stream().mapToLong(Point::lag).max().orElse(0),
              ps.get(ps.size() - 1).lag(),
              ps.stream().mapToDouble(Point::heapMb).max().orElse(0),
              median(ps.stream().mapToDouble(Point::resultsPerS).toArray()),
              ps.stream()
                  .filter(p -> !Double.isNaN(p.pressure().ratio()))
                  .max(java.util.Comparator.comparingDouble(p -> p.pressure().ratio()))
                  .map(
                      p ->
                          String.format(
                              "%.2f (%s) at %s",
                              p.pressure().ratio(), p.pressure().level(), p.pressure().vertex()))
                  .orElse("not available")));
    }
    sb.append("- Flink REST API of the embedded cluster: ")
        .append(rest == null ? "not found" : rest)
        .append('\n');
    sb.append("- results equal the limit loop's over the same topic (nothing lost): ")
        .append(verdict)
        .append('\n');
    return sb.toString();
  }

  private Path write(List<Point> timeline, String summary) throws IOException {
    Path outDir = options.out();
    Files.createDirectories(outDir);
    String name = LocalDate.now() + "-backpressure";
    List<double[][]> lag =
        List.of(
            timeline.stream().map(p -> new double[] {p.t(), p.lag()}).toArray(double[][]::new),
            timeline.stream()
                .map(p -> new double[] {p.t(), p.resultsPerS()})
                .toArray(double[][]::new));
    Chart.timeline(
        "Slow sink from "
            + SLOW_FROM_S
            + " s to "
            + SLOW_UNTIL_S
            + " s: consumer lag and results appended",
        "records",
        List.of("consumer lag (records)", "results appended per s"),
        lag,
        SLOW_PHASE,
        outDir.resolve(name + "-lag.png"));
    List<double[][]> heap =
        List.of(
            timeline.stream().map(p -> new double[] {p.t(), p.heapMb()}).toArray(double[][]::new),
            timeline.stream().map(p -> new double[] {p.t(), p.rssMb()}).toArray(double[][]::new));
    Chart.timeline(
        "Heap used and RSS of the Sluice JVM (-Xmx4g)",
        "MB",
        List.of("heap used", "RSS"),
        heap,
        SLOW_PHASE,
        outDir.resolve(name + "-heap.png"));
    StringBuilder md =
        new StringBuilder("# Backpressure: a slow sink under Sluice on the FlinkRunner\n\n");
    md.append("- date: ")
        .append(LocalDate.now())
        .append("; machine: ")
        .append(Machine.describe())
        .append('\n');
    md.append("- command: `scripts/bench ")
        .append(String.join(" ", options.command()))
        .append("`\n");
    md.append(
        String.format(
            "- input: %,d events/s for %d s (10,000 keys); Sluice windowed-aggregate on the FlinkRunner, "
                + "embedded, streaming, p=2, no de-dup, no late capture, producer `buffer.memory=1048576`%n",
            options.backpressureRate(), INPUT_S));
    md.append(
        String.format(
            "- slow sink: broker quota `producer_byte_rate=%.0f` on `client.id=%s` from %d s to %d s%n%n",
            QUOTA_BYTES_PER_S, SINK_CLIENT, SLOW_FROM_S, SLOW_UNTIL_S));
    md.append(summary).append('\n');
    md.append("![lag](")
        .append(name)
        .append("-lag.png)\n\n![heap](")
        .append(name)
        .append("-heap.png)\n\n");
    md.append(
        "| s | phase | consumer lag | heap used MB | RSS MB | results/s | Flink back pressure (busiest vertex) |\n|---|---|---|---|---|---|---|\n");
    for (Point p : timeline) {
      md.append(
          String.format(
              "| %.0f | %s | %,d | %.0f | %.0f | %,.0f | %s %s %s |%n",
              p.t(),
              p.phase(),
              p.lag(),
              p.heapMb(),
              p.rssMb(),
              p.resultsPerS(),
              Double.isNaN(p.pressure().ratio())
                  ? "-"
                  : String.format("%.2f", p.pressure().ratio()),
              p.pressure().level(),
              p.pressure().vertex()));
    }
    Path file = outDir.resolve(name + ".md");
    Files.writeString(file, md.toString());
    return file;
  }

  /** Samples every 2 s on its own thread; also follows the output topic. */
  private final class Sampler implements Runnable {
    private final ChildJvm child;
    private final FlinkRest rest;
    private final String input;
    private final String output;
    private final long t0;
    private final List<Point> timeline;
    private final ResultTopic results;
    volatile String phase = "normal";
    volatile boolean stop;
    private volatile long lastNewResultNanos = System.nanoTime();

    Sampler(
        ChildJvm child,
        FlinkRest rest,
        String input,
        String output,
        long t0,
        List<Point> timeline) {
      this.child = child;
      this.rest = rest;
      this.input = input;
      this.output = output;
      this.t0 = t0;
      this.timeline = timeline;
      this.results = new ResultTopic(bootstrap, output, null);
    }

    @Override
    public void run() {
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      try (KafkaConsumer<byte[], byte[]> offsets =
          new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> parts =
            List.of(new TopicPartition(input, 0), new TopicPartition(input, 1));
        long lastRecords = 0;
        long lastNanos = System.nanoTime();
        while (!stop) {
          long until = System.nanoTime() + 2_000_000_000L;
          while (System.nanoTime() < until) {
            results.poll();
          }
          long now = System.nanoTime();
          long end = offsets.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
          ProcessSample s = child.latest();
          long lag = s == null ? end : Math.max(0, end - s.position(input));
          long records = results.records();
          if (records > lastRecords) {
            lastNewResultNanos = now;
          }
          double perS = (records - lastRecords) * 1e9 / (now - lastNanos);
          lastRecords = records;
          lastNanos = now;
          FlinkRest.Pressure pressure =
              rest.find(child.pid()) ? rest.pressure() : FlinkRest.Pressure.UNKNOWN;
          Point point =
              new Point(
                  (now - t0) / 1e9,
                  phase,
                  lag,
                  s == null ? 0 : s.heapUsed() / 1048576.0,
                  s == null ? 0 : s.rssKb() / 1024.0,
                  perS,
                  pressure);
          timeline.add(point);
          out.printf(
              "bench:   %5.0f s %-11s lag %,9d  heap %5.0f MB  results %,6.0f/s  back pressure %s %s%n",
              point.t(),
              phase,
              lag,
              point.heapMb(),
              perS,
              Double.isNaN(pressure.ratio()) ? "-" : String.format("%.2f", pressure.ratio()),
              pressure.level());
        }
        results.drain();
      } finally {
        results.close();
      }
    }

    long quietSeconds() {
      return (System.nanoTime() - lastNewResultNanos) / 1_000_000_000L;
    }

    Map<String, WindowResult> finals() {
      return results.finals();
    }
  }

  private void awaitReading(ChildJvm child) throws InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (child.latest() == null || child.latest().firstRecordsMillis() == 0) {
      if (!child.alive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("Sluice did not start reading; see " + child.log);
      }
      Thread.sleep(200);
    }
  }

  private static void setQuota(Admin admin, Double bytesPerSecond) {
    ClientQuotaEntity entity =
        new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, SINK_CLIENT));
    try {
      admin
          .alterClientQuotas(
              List.of(
                  new ClientQuotaAlteration(
                      entity,
                      List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)))))
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot set the quota: " + e.getMessage(), e);
    }
  }

  private static void sleepUntil(long t0, int seconds) {
    long wait = t0 + seconds * 1_000_000_000L - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }
}
