package dev.sluice.cli;

import dev.sluice.dashboard.Dashboard;
import dev.sluice.dashboard.RunMetrics;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.Pipelines;
import dev.sluice.time.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sluice dashboard PIPELINE [the run's flags]}: a web page of the pipeline's results, drawn
 * from its output topics as they arrive, with the run's counters and partition lag when it was
 * started with {@code --metricsPort}.
 */
@Command(
    name = "dashboard",
    description = {
      "Serve a live web page of a pipeline's results on 127.0.0.1: charts over event time from its"
          + " output topics (read from the beginning, read_committed), and, when the run serves"
          + " --metricsPort, its counters and each input partition's lag and watermark skew.",
      "Give it the same flags as the run (or its --config file); Ctrl-C stops it."
    })
public final class DashboardCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "Pipeline name.")
  String pipeline;

  @Mixin ConfigOption config;

  @Option(
      names = "--port",
      defaultValue = "8088",
      description = "Port of the page (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--address",
      defaultValue = "127.0.0.1",
      description = "Address the page listens on (default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--stopAfter",
      converter = Durations.Converter.class,
      description = "Stop after this long (e.g. 10m) instead of at Ctrl-C.")
  Duration stopAfter;

  @Unmatched List<String> pipelineArgs = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    PipelineSpec<?> spec = Pipelines.get(pipeline);
    List<String> args = PipelineArgs.withBootstrapServers(pipelineArgs);
    try (Dashboard dashboard = start(spec, args.toArray(new String[0]), address, port)) {
      return serve(dashboard, stopAfter, System.out);
    }
  }

  private static <O extends SluiceOptions> Dashboard start(
      PipelineSpec<O> spec, String[] args, String address, int port) throws IOException {
    O options = spec.parse(args);
    RunMetrics.Source metrics =
        options.getMetricsPort() > 0
            ? fromEndpoint(spec.name(), options.getMetricsAddress(), options.getMetricsPort())
            : null;
    return Dashboard.start(
        spec.name(),
        spec.charts(options),
        Ingest.clientProperties(options),
        metrics,
        address,
        port);
  }

  /** The run's counters and partitions as its Prometheus endpoint serves them, each second. */
  static RunMetrics.Source fromEndpoint(String pipeline, String host, int port) {
    MetricsEndpoint endpoint = new MetricsEndpoint(host, port);
    return new RunMetrics.Source() {
      @Override
      public RunMetrics read() {
        List<ScrapedRun> runs = endpoint.scrape();
        ScrapedRun run =
            runs.stream()
                .filter(r -> pipeline.equals(r.pipeline()))
                .findFirst()
                .orElse(runs.isEmpty() ? null : runs.get(0));
        if (run == null) {
          throw new IllegalStateException(endpoint.uri() + " serves no Sluice metrics yet");
        }
        return new RunMetrics(run.counters(), run.partitions());
      }

      @Override
      public String describe() {
        return endpoint.uri().toString();
      }
    };
  }

  /**
   * Prints the address, a progress line every 10 s while results arrive, and a summary when stopped
   * (Ctrl-C, or after {@code stopAfter}); the exit code.
   */
  static int serve(Dashboard dashboard, Duration stopAfter, PrintStream out)
      throws InterruptedException {
    out.printf(
        "dashboard: %s (%d charts; %s)%n",
        dashboard.address(),
        dashboard.charts(),
        stopAfter == null ? "Ctrl-C stops it" : "stops after " + stopAfter.toSeconds() + "s");
    long start = System.nanoTime();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopped.countDown();
              summary(dashboard, start, out);
            });
    Runtime.getRuntime().addShutdownHook(hook);
    long shown = -1;
    long deadline = stopAfter == null ? Long.MAX_VALUE : start + stopAfter.toNanos();
    while (!stopped.await(Math.min(10_000, remainingMillis(deadline)), TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() >= deadline) {
        break;
      }
      if (dashboard.recordsRead() != shown) {
        shown = dashboard.recordsRead();
        out.printf(
            "dashboard:   %,d results read, %,d page updates served%n",
            shown, dashboard.updatesServed());
      }
    }
    if (stopped.getCount() == 0) {
      return 0; // Ctrl-C: the hook printed the summary
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    summary(dashboard, start, out);
    return 0;
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  private static void summary(Dashboard dashboard, long start, PrintStream out) {
    out.printf(
        "dashboard stopped after %.0fs: %,d results read, %,d page updates served%n",
        (System.nanoTime() - start) / 1e9, dashboard.recordsRead(), dashboard.updatesServed());
  }
}
