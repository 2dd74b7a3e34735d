package dev.sluice.kit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Runs a pipeline from command-line flags and reports how it went. */
public final class PipelineRun {

  static final List<String> FLINK_DEFAULTS = List.of("--objectReuse=true", "--fasterCopy=true");

  private PipelineRun() {}

  /** Parses flags, builds, runs, prints the summary; returns the process exit code. */
  public static <O extends SluiceOptions> int runMain(
      String name, String[] args, Class<O> optionsClass, Function<O, Pipeline> build) {
    PipelineOptionsFactory.register(optionsClass);
    O options =
        PipelineOptionsFactory.fromArgs(withDefaults(args)).withValidation().as(optionsClass);
    RunSummary summary = execute(name, build.apply(options), options, System.err);
    System.err.println(summary.format());
    return summary.succeeded() ? 0 : 1;
  }

  /**
   * Parses flags, builds and starts the pipeline, and returns at once with its handle; for runners
   * that submit a job elsewhere and detach (FlinkRunner with --attachedMode=false).
   */
  public static <O extends SluiceOptions> PipelineResult launch(
      String[] args, Class<O> optionsClass, Function<O, Pipeline> build) {
    PipelineOptionsFactory.register(optionsClass);
    O options =
        PipelineOptionsFactory.fromArgs(withDefaults(args)).withValidation().as(optionsClass);
    return build.apply(options).run();
  }

  /**
   * Adds what a user would otherwise have to remember: the runner the jar was built for; on the
   * DirectRunner a non-blocking run so Ctrl-C can cancel a streaming job and print its counters; on
   * Flink no deep copy of every element between chained operators (Sluice's elements are immutable,
   * which the DirectRunner's immutability check enforces in the tests), worth about a fifth of the
   * CPU (docs/benchmarks). An explicit flag wins.
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
    if (runner.endsWith("FlinkRunner")) {
      for (String flag : FLINK_DEFAULTS) {
        if (flag(all, flag.substring(2, flag.indexOf('='))) == null) {
          all.add(flag);
        }
      }
    }
    return all.toArray(new String[0]);
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
    String runner = options.getRunner().getSimpleName();
    log.printf(
        "sluice: %s on %s, %s, %s -> %s%n",
        name,
        runner,
        options.getBounded()
            ? "bounded (reads to the current end offsets, then exits)"
            : "streaming (Ctrl-C stops)",
        options.getInputTopic(),
        options.getOutputTopic());
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
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
        RunSummary.counters(result));
  }

  /**
   * Waits for the end, printing the read counter every 10 s (runners whose run() returns early).
   */
  private static PipelineResult.State awaitWithProgress(
      PipelineResult result, long startNanos, PrintStream log) {
    PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(10));
    while (state == null || !state.isTerminal()) {
      long read =
          RunSummary.counters(result).getOrDefault(dev.sluice.transforms.SluiceMetrics.READ, 0L);
      log.printf(
          "sluice: running for %ds, %d records read so far%n",
          (System.nanoTime() - startNanos) / 1_000_000_000L, read);
      state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(10));
    }
    return state;
  }

  private static void cancelQuietly(PipelineResult result, PrintStream log) {
    try {
      log.println("sluice: stopping ...");
      result.cancel();
      log.println("sluice: stopped; counters: " + RunSummary.counters(result));
    } catch (Exception e) {
      log.println("sluice: stop failed: " + e.getMessage());
    }
  }
}
