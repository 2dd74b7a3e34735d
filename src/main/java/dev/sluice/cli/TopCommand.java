package dev.sluice.cli;

import dev.sluice.time.Durations;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice top --metricsPort N | JOB}: a live view of a run started with {@code --metricsPort
 * N}, read from its Prometheus endpoint, or of a job on a Flink cluster, read from Flink's REST API
 * (with its tasks, back pressure and checkpoints); once a second.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = {
      "Watch a running pipeline: its counters with rates per second and each input partition's"
          + " watermark and lag, refreshed every --interval.",
      "Reads the Prometheus endpoint of a run started with --metricsPort=N, or, given JOB (a"
          + " stored job name or a Flink job id), the Flink cluster's REST API: then also the"
          + " job's tasks, back pressure per stage and last checkpoint."
    })
public final class TopCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "JOB",
      description = "A job on the Flink cluster: its stored name or Flink job id.")
  String job;

  @Mixin ClusterConnection cluster;

  @Option(
      names = "--metricsPort",
      paramLabel = "PORT",
      description = "The --metricsPort the run was started with.")
  int port;

  @Option(
      names = "--metricsAddress",
      defaultValue = "127.0.0.1",
      description = "Host the run's endpoint listens on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--once", description = "Print one frame (rates over one --interval) and exit.")
  boolean once;

  @Option(
      names = "--interval",
      defaultValue = "1s",
      converter = Durations.Converter.class,
      description = "Time between frames (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() throws InterruptedException {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("--interval must be positive");
    }
    if ((job == null) == (port == 0)) {
      throw new IllegalArgumentException(
          "give either JOB (a job on the Flink cluster) or --metricsPort=N (a run started with it)");
    }
    MetricsEndpoint endpoint = new MetricsEndpoint(host, port);
    ClusterJobView cluster = job == null ? null : clusterView();
    String source = cluster == null ? endpoint.uri().toString() : cluster.source();
    Supplier<List<ScrapedRun>> read =
        cluster == null ? endpoint::scrape : () -> List.of(cluster.run());
    PrintStream out = System.out;
    // Clearing the screen is for a person watching; a pipe or a file gets frames one after another.
    boolean terminal = System.console() != null;
    List<ScrapedRun> previous = read.get();
    long previousAt = System.nanoTime();
    boolean first = true;
    while (true) {
      Thread.sleep(interval.toMillis());
      List<ScrapedRun> current;
      try {
        current = read.get();
      } catch (IllegalStateException gone) {
        out.println("sluice top: " + source + " stopped answering (the run ended)");
        return 0;
      }
      long now = System.nanoTime();
      Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      String frame = TopFrame.render(source, at, current, previous, (now - previousAt) / 1e9);
      if (cluster != null) {
        frame += cluster.clusterLines(at);
      }
      if (terminal) {
        out.print("\033[H\033[2J");
      } else if (!first) {
        out.println();
      }
      out.print(frame);
      out.flush();
      if (once) {
        return 0;
      }
      first = false;
      previous = current;
      previousAt = now;
    }
  }

  private ClusterJobView clusterView() {
    JobRef ref = JobRef.resolve(job, cluster.store());
    return new ClusterJobView(cluster.rest(), ref.flinkJobId(), ref.label());
  }
}
