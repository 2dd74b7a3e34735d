package dev.sluice.kit;

import dev.sluice.kafka.SkipWritten;
import dev.sluice.kafka.Topics;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.transforms.SluiceMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Runs a pipeline from command-line flags and reports how it went. */
public final class PipelineRun {

  /**
   * Chained Flink steps hand each other the very element, no coder copy: safe because no Sluice
   * step changes an element it received (the DirectRunner's immutability check enforces it).
   */
  static final List<String> FLINK_DEFAULTS = List.of("--objectReuse=true");

  static final List<String> DIRECT_DEFAULTS =
      List.of("--enforceImmutability=false", "--enforceEncodability=false");

  private PipelineRun() {}

  /** Parses flags, checks topics, builds, runs, prints the summary; the process exit code. */
  public static <O extends SluiceOptions> int runMain(PipelineSpec<O> spec, String[] args) {
    O options = spec.parse(args);
    checkMetricsPort(options);
    checkTopics(spec, options);
    RunSummary summary = execute(spec.name(), spec.build(options), options, System.err);
    System.err.println(summary.format());
    if (options.getRunner().getSimpleName().equals("DirectRunner")
        && flag(List.of(args), "enforceImmutability") == null) {
      System.err.println(
          "  checks: DirectRunner's per-element immutability/encodability checks were off"
              + " (the tests run with them; --enforceImmutability=true turns them on)");
    }
    System.err.println(spec.accounting(options).line(summary));
    return summary.succeeded() ? 0 : 1;
  }

  static <O extends SluiceOptions> O parse(String[] args, Class<O> optionsClass) {
    checkMetricsKept(List.of(args));
    checkStateCopied(List.of(args));
    PipelineOptionsFactory.register(optionsClass);
    return PipelineOptionsFactory.fromArgs(withDefaults(args)).withValidation().as(optionsClass);
  }

  /**
   * {@code --metricsPort} reads the job's metric results while it runs. The FlinkRunner's run()
   * blocks until the job ends (attached), and a detached embedded cluster shuts down at once, so
   * there is nothing to serve; Flink's own Prometheus reporter listens on every interface.
   */
  static void checkMetricsPort(SluiceOptions options) {
    if (options.getMetricsPort() != 0
        && options.getRunner().getSimpleName().contains("FlinkRunner")) {
      throw new IllegalArgumentException(
          "--metricsPort works on the DirectRunner only: the FlinkRunner reports a job's metrics"
              + " when it ends; run with --runner=DirectRunner, or 'sluice submit' to a Flink"
              + " cluster and watch it with 'sluice top JOB'");
    }
  }

  /**
   * Every input and output topic must exist before the job starts: a missing one fails here in
   * seconds, naming the topic and the command that creates it.
   */
  public static <O extends SluiceOptions> void checkTopics(PipelineSpec<O> spec, O options) {
    List<String> topics = new ArrayList<>(options.getInputTopic());
    topics.addAll(writtenTopics(spec, options));
    topics.addAll(spec.controlTopics(options));
    Topics.requireExisting(Ingest.clientProperties(options), topics);
  }

  /**
   * Creates every topic a run of the pipeline needs (for the demo, the chaos suite and tests):
   * inputs with {@code inputPartitions}, outputs with {@code outputPartitions}, control topics
   * compacted with one partition.
   */
  public static <O extends SluiceOptions> void createTopics(
      PipelineSpec<O> spec, O options, int inputPartitions, int outputPartitions) {
    Map<String, Object> client = Ingest.clientProperties(options);
    for (String topic : options.getInputTopic()) {
      Topics.create(client, topic, inputPartitions, Map.of());
    }
    for (String topic : writtenTopics(spec, options)) {
      Topics.create(client, topic, outputPartitions, Map.of());
    }
    for (String topic : spec.controlTopics(options)) {
      Topics.create(client, topic, 1, Map.of("cleanup.policy", "compact"));
    }
  }

  /** Every topic the pipeline writes: dead letters, late events if captured, its outputs. */
  public static <O extends SluiceOptions> List<String> writtenTopics(
      PipelineSpec<O> spec, O options) {
    List<String> topics = new ArrayList<>();
    topics.add(options.getDeadLetterTopic());
    if (options instanceof LateDataOptions late && late.getCaptureLate()) {
      topics.add(late.getLateTopic());
    }
    topics.addAll(spec.outputTopics(options));
    return topics;
  }

  /**
   * Adds what a user would otherwise have to remember: the runner the jar was built for; on the
   * DirectRunner a non-blocking run so Ctrl-C can cancel a streaming job and print its counters; on
   * Flink no deep copy of every element between chained operators (Sluice's elements are immutable,
   * which the DirectRunner's immutability check enforces in the tests), worth about a fifth of the
   * CPU (docs/benchmarks); on Direct, no re-encoding of every element to catch mutation (the tests
   * keep those checks on; outside them they cost 2.4x the time and flood the log with warnings). An
   * explicit flag wins.
   */
  public static String[] withDefaults(String[] args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    String runner = flag(all, "runner");
    if (runner == null) {
      runner = BuildInfo.defaultRunner();
      all.add("--runner=" + runner);
    }
    if (runner.endsWith("DirectRunner") && flag(all, "blockOnRun") == null) {
      all.add("--blockOnRun=false");
    }
    List<String> defaults =
        runner.endsWith("FlinkRunner")
            ? FLINK_DEFAULTS
            : runner.endsWith("DirectRunner") ? DIRECT_DEFAULTS : List.of();
    for (String flag : defaults) {
      if (flag(all, flag.substring(2, flag.indexOf('='))) == null) {
        all.add(flag);
      }
    }
    return all.toArray(new String[0]);
  }

  /**
   * The FlinkRunner's {@code --disableMetrics} switches off every Beam counter, so a run could not
   * account for its events, and Beam 2.70 then fails at the end reading the job's metrics. It would
   * save about a tenth of the CPU (docs/benchmarks/2026-12-04-metrics-cost.md): not worth a run
   * that cannot say where its events went.
   */
  static void checkMetricsKept(List<String> args) {
    if (switchedOn(args, "disableMetrics")) {
      throw new IllegalArgumentException(
          "--disableMetrics=true switches off the counters every run's accounting line is made of;"
              + " drop the flag");
    }
  }

  /**
   * Beam's {@code --fasterCopy} also makes the coder copy of Flink's state serializers return the
   * same object. The heap state backend snapshots asynchronously and relies on that copy (copy on
   * write) to keep a snapshot's values apart from ones a step goes on changing in place, as Beam's
   * combining state and Sluice's per-key windows do: with it, a checkpoint can hold updates made
   * after its barrier, and after a restore those events count twice.
   */
  static void checkStateCopied(List<String> args) {
    if (switchedOn(args, "fasterCopy")) {
      throw new IllegalArgumentException(
          "--fasterCopy=true lets a Flink checkpoint capture state changed after it, so a restore"
              + " can count events twice; drop the flag (--objectReuse=true, the default, already"
              + " saves the copies between steps)");
    }
  }

  /** A boolean flag given bare ({@code --name}) or as {@code --name=true}. */
  private static boolean switchedOn(List<String> args, String name) {
    return args.contains("--" + name) || "true".equalsIgnoreCase(flag(args, name));
  }

  private static String flag(List<String> args, String name) {
    for (String a : args) {
      if (a.startsWith("--" + name + "=")) {
        return a.substring(name.length() + 3);
      }
    }
    return null;
  }

  /** Runs to completion (bounded) or until the JVM is asked to stop (streaming). */
  public static RunSummary execute(
      String name, Pipeline pipeline, SluiceOptions options, PrintStream log) {
    checkMetricsPort(options);
    RunnerLimits.check(name, pipeline, options);
    Database.checkUsed(name, pipeline, options);
    String runner = options.getRunner().getSimpleName();
    log.printf(
        "sluice: %s on %s, %s, reading %s (dead letters to %s)%n",
        name,
        runner,
        options.getBounded()
            ? "bounded (reads to the current end offsets, then exits)"
            : "streaming (Ctrl-C stops)",
        Ingest.describe(options),
        options.getDeadLetterTopic());
    String run = ReplayRuns.describe(options);
    if (run != null) {
      log.println("sluice: " + run);
    }
    if (!options.getBounded()) {
      RunnerTraits traits = RunnerTraits.of(options);
      log.println("sluice: restart: " + restart(traits, options.getGroupId()));
      if (options.getExactlyOnce() && !traits.durableState()) {
        // The sink's numbering is in-memory state too; its writer refuses the old sink group.
        log.println(
            "sluice: restart: with --exactlyOnce=true the restart needs a new --sinkGroupId (the"
                + " sink's numbering starts over with the rest of the state)");
      }
    }
    // Listening before the job starts: a taken port fails the launch, not a running job.
    AtomicReference<PipelineResult> running = new AtomicReference<>();
    try (MetricsEndpoint metrics = MetricsEndpoint.serve(name, running::get, options)) {
      if (metrics != null) {
        log.printf(
            "sluice: Prometheus metrics on %s ('sluice top --metricsPort %d')%n",
            metrics.url(), metrics.port());
      }
      long start = System.nanoTime();
      PipelineResult result = pipeline.run();
      running.set(result);
      Thread stopper = null;
      if (!options.getBounded()) {
        stopper = new Thread(() -> cancelQuietly(result, log), "sluice-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
      }
      PipelineResult.State state = awaitWithProgress(result, start, log);
      if (stopper != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
          // The hook is already running: it cancelled the job.
        }
      }
      return new RunSummary(
          name,
          runner,
          state,
          Duration.ofNanos(System.nanoTime() - start),
          RunSummary.counters(result),
          RunSummary.partitions(result));
    }
  }

  /** One plain sentence: what a restart of this streaming run does with its input and state. */
  static String restart(RunnerTraits runner, String groupId) {
    if (runner.durableState()) {
      return String.format(
          "%s keeps state in checkpoints; offsets are committed to group %s when a checkpoint"
              + " completes; resume from a checkpoint or savepoint ('sluice submit"
              + " --fromSavepoint') to lose and repeat nothing; a new job without one starts at the"
              + " group's offsets with empty windows",
          runner.runner(), groupId);
    }
    return String.format(
        "%s keeps state in memory, so no offsets are committed (--groupId %s is not used); a"
            + " restart reads the topics from the start (earliest) and writes every result again"
            + " (nothing lost; earlier results repeated)",
        runner.runner().equals("DirectRunner") ? "Direct" : runner.runner() + " (embedded)",
        groupId);
  }

  /**
   * Waits for the end, printing the counters and the partitions' watermarks every 10 s (runners
   * whose run() returns early).
   */
  private static PipelineResult.State awaitWithProgress(
      PipelineResult result, long startNanos, PrintStream log) {
    PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(10));
    while (state == null || !state.isTerminal()) {
      String watermarks = WatermarkReport.progress(RunSummary.partitions(result));
      log.printf(
          "sluice: running for %ds, %s%s%n",
          (System.nanoTime() - startNanos) / 1_000_000_000L,
          progress(RunSummary.counters(result)),
          watermarks.isEmpty() ? "" : "; " + watermarks);
      state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(10));
    }
    return state;
  }

  /**
   * The progress line's counters, e.g. {@code read 1200 valid 1188 dead 12 late 3 dup 5 out 40}.
   */
  static String progress(Map<String, Long> counters) {
    StringBuilder sb = new StringBuilder();
    for (String[] shown : PROGRESS_COUNTERS) {
      Long value = counters.get(shown[1]);
      if (value != null && (value != 0 || shown.length == 2)) {
        sb.append(sb.length() == 0 ? "" : " ").append(shown[0]).append(' ').append(value);
      }
    }
    return sb.toString();
  }

  /**
   * Label, counter (and "only if not zero"): what a person watching a run wants to see move; a
   * counter the pipeline has not reported is left out.
   */
  private static final String[][] PROGRESS_COUNTERS = {
    {"read", SluiceMetrics.READ},
    {"valid", SluiceMetrics.VALID},
    {"dead", SluiceMetrics.INVALID},
    {"late", SluiceMetrics.LATE},
    {"dup", SluiceMetrics.DUPLICATES},
    {"out", SluiceMetrics.PANES_OUT},
    {"windows-out", SluiceMetrics.COUNT_WINDOWS_OUT},
    {"dropped", RunSummary.DROPPED_DUE_TO_LATENESS, "nonzero"},
    {"write-failed", SluiceMetrics.WRITES_FAILED, "nonzero"},
    {"db-retries", Database.RETRIES, "nonzero"},
    {"already-written", SkipWritten.ALREADY_WRITTEN, "nonzero"}
  };

  private static void cancelQuietly(PipelineResult result, PrintStream log) {
    try {
      log.println("sluice: stopping ...");
      result.cancel();
      log.println("sluice: stopped; counters: " + RunSummary.counters(result));
      WatermarkReport.lines(RunSummary.partitions(result))
          .forEach(l -> log.println("  partition " + l));
    } catch (Exception e) {
      log.println("sluice: stop failed: " + e.getMessage());
    }
  }
}
