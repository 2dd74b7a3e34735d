package dev.sluice.bench;

import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One contender over a pre-filled topic: launch, follow its output, stop, verify, measure. */
final class ThroughputRun {

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final String bootstrap;
  private final WorkloadLoader topics;
  private final Path dir;
  private final Path flinkConfDir;
  private final PrintStream out;
  private boolean jfr;
  private List<String> sluiceArgs = List.of();
  private Baseline baseline;

  ThroughputRun(String bootstrap, Path dir, Path flinkConfDir, PrintStream out) {
    this.bootstrap = bootstrap;
    this.topics = new WorkloadLoader(bootstrap);
    this.dir = dir;
    this.flinkConfDir = flinkConfDir;
    this.out = out;
  }

  /** Records a JFR profile (settings "profile") of every run into the work directory. */
  /** Extra flags for every Sluice contender (experiments: a Kafka or Flink setting). */
  ThroughputRun withSluiceArgs(List<String> args) {
    sluiceArgs = List.copyOf(args);
    return this;
  }

  /** The build sluice-flink-baseline runs with (--baseline). */
  ThroughputRun withBaseline(Baseline b) {
    this.baseline = b;
    return this;
  }

  ThroughputRun withJfr(boolean on) {
    this.jfr = on;
    return this;
  }

  /**
   * The outcome, and the contender's final values (the reference when {@code reference} is null).
   */
  record Outcome(Measurement measurement, Map<String, WindowResult> finals) {}

  Outcome run(
      Contender c,
      int run,
      WorkloadLoader.Loaded input,
      Map<String, WindowResult> reference,
      double scale) {
    String runId = "tp-" + c.slug + "-" + run + "-" + (System.currentTimeMillis() % 1_000_000);
    String output = runId + "-results";
    var ctx =
        new Contender.RunContext(
            bootstrap, input.topic(), output, runId, dir, true, flinkConfDir, List.of());
    topics.createTopic(output, true);
    c.sideTopics(ctx).forEach(t -> topics.createTopic(t, false));
    out.printf(
        "bench: %s, run %d: reading %,d records from %s%n",
        c.label, run, input.records(), input.topic());
    List<String> flags =
        jfr
            ? List.of(
                "-XX:StartFlightRecording=settings=profile,filename="
                    + dir.resolve(runId + ".jfr").toAbsolutePath())
            : List.of();
    List<String> args = new java.util.ArrayList<>(c.args(ctx));
    if (c.isSluice()) {
      args.addAll(sluiceArgs);
    }
    ChildJvm child =
        c == Contender.SLUICE_FLINK_BASELINE
            ? ChildJvm.start(dir, runId, baseline.classpath(), baseline.mainClass(), args, flags)
            : ChildJvm.start(dir, runId, c.mainClass(), args, flags);
    long started = System.nanoTime();
    try (ResultTopic results = new ResultTopic(bootstrap, output, reference)) {
      long nextReport = started + 10_000_000_000L;
      while (true) {
        results.poll();
        if (!c.exitsWhenBounded && results.matchesReference()) {
          results.poll();
          child.stop();
          break;
        }
        if (!child.alive()) {
          break;
        }
        long now = System.nanoTime();
        if (now - started > TIMEOUT.toNanos()) {
          child.kill();
          throw new IllegalStateException(
              c.label + " did not finish within " + TIMEOUT.toMinutes() + " min; see " + child.log);
        }
        if (now >= nextReport) {
          ProcessSample s = child.latest();
          out.printf(
              "bench:   %3ds: %,d records polled, %,d results out%n",
              (now - started) / 1_000_000_000L, s == null ? 0 : s.records(), results.records());
          nextReport += 10_000_000_000L;
        }
      }
      int exit = waitFor(child);
      if (c.exitsWhenBounded && exit != 0) {
        throw new IllegalStateException(c.label + " exited with " + exit + "; see " + child.log);
      }
      results.drain();
      ProcessSample last = child.latest();
      Map<String, WindowResult> finals = results.finals();
      Verdict verdict =
          reference == null ? Verdict.compare(finals, finals) : Verdict.compare(reference, finals);
      double seconds = (results.lastAppendMillis() - last.firstRecordsMillis()) / 1000.0;
      Measurement m =
          new Measurement(
              c,
              run,
              input.records(),
              seconds,
              last.processingCpuMillis() / 1000.0,
              last.peakRssKb(),
              results.records(),
              verdict,
              scale,
              Machine.loadAverage());
      out.printf(
          "bench:   %s: %.1f s, %,.0f events/s, CPU %.1f s, peak RSS %.2f GB, %,d results, load %.1f; %s%s%n",
          c.slug,
          seconds,
          m.eventsPerSecond(),
          m.cpuSeconds(),
          m.peakRssKb() / 1048576.0,
          m.results(),
          m.loadAverage(),
          reference == null ? "reference " : "",
          verdict);
      return new Outcome(m, reference == null ? Map.copyOf(finals) : null);
    } finally {
      child.kill();
      topics.deleteTopic(output);
      c.sideTopics(ctx).forEach(topics::deleteTopic);
    }
  }

  /**
   * A scenario row over its own input's topic: it exits by itself after its bounded read; the
   * interval ends at the last record appended to any of its result topics (the catalogue's outputs
   * of the pipeline). Not compared with the limit loop (another input); the verdict says whether it
   * read every record and whether the pipeline's own accounting line (printed at exit, {@code
   * PipelineRun}) balanced.
   */
  Outcome runScenario(Contender c, int run, WorkloadLoader.Loaded input) {
    String runId = "tp-" + c.slug + "-" + run + "-" + (System.currentTimeMillis() % 1_000_000);
    // The run id is the prefix of the catalogue's scenario topics: runId-stats, runId-sessions ...
    var ctx =
        new Contender.RunContext(
            bootstrap, input.topic(), runId, runId, dir, true, flinkConfDir, List.of());
    Contender.ScenarioTopics written = c.scenarioTopics(ctx);
    List<String> followed = written.results();
    written.written().forEach(t -> topics.createTopic(t, followed.contains(t)));
    written.control().forEach(t -> topics.createTopic(t, false));
    String unit = c.scenario.input().unit;
    out.printf(
        "bench: %s, run %d: reading %,d records from %s%n",
        c.label, run, input.records(), input.topic());
    List<String> flags =
        jfr
            ? List.of(
                "-XX:StartFlightRecording=settings=profile,filename="
                    + dir.resolve(runId + ".jfr").toAbsolutePath())
            : List.of();
    List<String> args = new java.util.ArrayList<>(c.args(ctx));
    args.addAll(sluiceArgs);
    ChildJvm child = ChildJvm.start(dir, runId, c.mainClass(), args, flags);
    long started = System.nanoTime();
    try {
      long nextReport = started + 10_000_000_000L;
      while (child.alive()) {
        sleep(200);
        long now = System.nanoTime();
        if (now - started > TIMEOUT.toNanos()) {
          child.kill();
          throw new IllegalStateException(
              c.label + " did not finish within " + TIMEOUT.toMinutes() + " min; see " + child.log);
        }
        if (now >= nextReport) {
          ProcessSample s = child.latest();
          out.printf(
              "bench:   %3ds: %,d records polled%n",
              (now - started) / 1_000_000_000L, s == null ? 0 : s.records());
          nextReport += 10_000_000_000L;
        }
      }
      int exit = waitFor(child);
      if (exit != 0) {
        throw new IllegalStateException(c.label + " exited with " + exit + "; see " + child.log);
      }
      long[] appended = appended(followed);
      ProcessSample last = child.latest();
      long unread = Math.max(0, input.records() - last.records());
      String accounting = accountingLine(child);
      boolean accounted = accounting.endsWith("every event accounted for");
      List<String> problems = new java.util.ArrayList<>();
      if (unread > 0) {
        problems.add("read " + last.records() + " of " + input.records() + " records");
      }
      if (!accounted) {
        problems.add(accounting.isEmpty() ? "no accounting line in " + child.log : accounting);
      }
      Verdict verdict =
          problems.isEmpty()
              ? Verdict.compare(Map.of(), Map.of())
              : new Verdict(0, (int) unread, 0, accounted ? 0 : 1, problems);
      double seconds = (appended[1] - last.firstRecordsMillis()) / 1000.0;
      Measurement m =
          new Measurement(
              c,
              run,
              input.records(),
              seconds,
              last.processingCpuMillis() / 1000.0,
              last.peakRssKb(),
              appended[0],
              verdict,
              1,
              Machine.loadAverage());
      out.printf(
          "bench:   %s: %.1f s, %,.0f %ss/s, CPU %.1f s (%.1f us/%s), peak RSS %.2f GB,"
              + " %,d records out to %s, load %.1f; %s%n",
          c.slug,
          seconds,
          m.eventsPerSecond(),
          unit,
          m.cpuSeconds(),
          m.cpuMicrosPerEvent(),
          unit,
          m.peakRssKb() / 1048576.0,
          m.results(),
          String.join(", ", followed),
          m.loadAverage(),
          problems.isEmpty() ? "read all " + input.records() + " records" : verdict);
      out.println("bench:   " + (accounting.isEmpty() ? "(no accounting line)" : accounting));
      return new Outcome(m, null);
    } finally {
      child.kill();
      written.written().forEach(topics::deleteTopic);
    }
  }

  /** The last "accounting: ..." line the pipeline printed at exit, or "". */
  private static String accountingLine(ChildJvm child) {
    try (var lines = java.nio.file.Files.lines(child.log)) {
      return lines
          .map(String::strip)
          .filter(l -> l.startsWith("accounting:"))
          .reduce((a, b) -> b)
          .orElse("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Records in the topics and the newest append time among them. */
  private long[] appended(List<String> names) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    p.put("max.poll.records", "5000");
    long count = 0;
    long newest = Long.MIN_VALUE;
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
            p,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = new java.util.ArrayList<>();
      for (String name : names) {
        consumer
            .partitionsFor(name)
            .forEach(
                i ->
                    partitions.add(
                        new org.apache.kafka.common.TopicPartition(name, i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          count++;
          newest = Math.max(newest, r.timestamp());
        }
      }
    }
    if (count == 0) {
      throw new IllegalStateException("no results in " + names);
    }
    return new long[] {count, newest};
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int waitFor(ChildJvm child) {
    try {
      return child.process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
