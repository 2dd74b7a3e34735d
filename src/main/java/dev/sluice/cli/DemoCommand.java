package dev.sluice.cli;

import dev.sluice.dashboard.Dashboard;
import dev.sluice.dashboard.RunMetrics;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.LateEvent;
import dev.sluice.generator.RecordCounts;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.BuildInfo;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.local.LocalKafka;
import dev.sluice.pipelines.Pipelines;
import dev.sluice.time.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole flow on one machine: a local broker, generated events with every defect, a bounded run
 * of a catalogued pipeline, its output view and the accounting, then the broker is stopped.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Run a pipeline end to end on a local broker and show what came out.")
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      defaultValue = "10000",
      description = "Events to generate (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--runner",
      description =
          "DirectRunner or FlinkRunner (default: FlinkRunner in a -Pflink-runner build, else DirectRunner).")
  String runner;

  @Option(
      names = "--pipeline",
      defaultValue = "windowed-aggregate",
      description = "Catalogued pipeline to run (default: ${DEFAULT-VALUE}).")
  String pipeline;

  @Option(
      names = "--show",
      defaultValue = "10",
      description = "Result rows to print (default: ${DEFAULT-VALUE}).")
  int show;

  @Option(
      names = "--dashboard",
      description =
          "End by serving the results as a live web page (sluice dashboard) until Ctrl-C; the"
              + " broker stays up meanwhile.")
  boolean dashboard;

  @Option(
      names = "--dashboardPort",
      defaultValue = "8088",
      description = "Port of the page (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int dashboardPort;

  @Option(
      names = "--dashboardFor",
      converter = Durations.Converter.class,
      description = "Stop the page after this long (e.g. 10m) instead of at Ctrl-C.")
  Duration dashboardFor;

  @Override
  public Integer call() throws IOException, InterruptedException {
    return run(Pipelines.get(pipeline));
  }

  private <O extends SluiceOptions> int run(PipelineSpec<O> spec)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    // The demo is local: Flink if this build was packaged for it, else the DirectRunner.
    String chosenRunner =
        runner != null
            ? runner
            : BuildInfo.defaultRunner().equals("FlinkRunner") ? "FlinkRunner" : "DirectRunner";
    Path dir = Files.createTempDirectory("sluice-demo");
    step("starting a local Kafka broker (KRaft, data in " + dir + ")");
    try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
      String bootstrap = kafka.bootstrapServers();
      Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
      O options = spec.parse(args(spec, dir, bootstrap, chosenRunner));
      step("broker up at " + bootstrap + "; creating topics");
      PipelineRun.createTopics(spec, options, 3, 1);

      DemoWorkload workload = new DemoWorkload(spec.workload());
      step("generating " + workload.describe(events));
      RecordCounts counts = workload.write(client, options.getInputTopic().get(0), seed, events);
      System.out.println(counts.toTable());

      step(
          "running "
              + spec.name()
              + " on "
              + chosenRunner
              + " (--bounded: reads what is there, then exits)");
      RunSummary summary =
          PipelineRun.execute(spec.name(), spec.build(options), options, System.err);
      step("reading what it wrote");
      spec.show(options, bootstrap, System.out, show);
      printDeadLetters(TopicSnapshot.readAllBytes(bootstrap, options.getDeadLetterTopic()));
      if (options instanceof LateDataOptions late && late.getCaptureLate()) {
        printLate(TopicSnapshot.readAll(bootstrap, late.getLateTopic()));
      }
      workload.judge(
          bootstrap, options, spec.workload().judgedTopic().apply(options), dir, System.out);
      System.out.println();
      System.out.println(summary.format());
      System.out.println(spec.accounting(options).line(summary));
      boolean ok = summary.succeeded() && spec.accounting(options).balanced(summary);
      System.out.printf(
          "demo %s in %.1fs%n", ok ? "finished" : "FAILED", (System.nanoTime() - start) / 1e9);
      if (dashboard) {
        showDashboard(spec, options, bootstrap, summary, dir);
      }
      step("stopping the broker");
      return ok ? 0 : 1;
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The finished run's results as a web page, its counters as the run ended. */
  private <O extends SluiceOptions> void showDashboard(
      PipelineSpec<O> spec, O options, String bootstrap, RunSummary summary, Path dir)
      throws IOException, InterruptedException {
    // Ctrl-C ends the JVM inside serve(), past the finally that removes the broker's data.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
    RunMetrics.Source finished =
        new RunMetrics.Source() {
          @Override
          public RunMetrics read() {
            return new RunMetrics(summary.counters(), summary.partitions());
          }

          @Override
          public String describe() {
            return "the demo's run, as it ended";
          }
        };
    try (Dashboard page =
        Dashboard.start(
            spec.name(),
            spec.charts(options),
            Map.of("bootstrap.servers", bootstrap),
            finished,
            "127.0.0.1",
            dashboardPort)) {
      page.awaitQuiet(Duration.ofSeconds(15));
      step("the dashboard read " + page.recordsRead() + " results");
      page.resultsByChart().forEach((title, n) -> System.out.printf("  %-55s %,d%n", title, n));
      DashboardCommand.serve(page, dashboardFor, System.out);
    }
  }

  private static String[] args(
      PipelineSpec<?> spec, Path dir, String bootstrap, String chosenRunner) {
    List<String> args = new ArrayList<>(spec.scenarioArgs("sluice", dir));
    args.addAll(spec.workload().args());
    args.addAll(
        List.of("--runner=" + chosenRunner, "--bootstrapServers=" + bootstrap, "--bounded=true"));
    if (chosenRunner.endsWith("DirectRunner")) {
      // Direct's per-element checks are off, as in every run outside the tests (PipelineRun).
      args.add("--blockOnRun=false");
    } else if (chosenRunner.endsWith("FlinkRunner")) {
      args.add("--streaming=true");
    }
    return args.toArray(new String[0]);
  }

  private static void printLate(List<ConsumerRecord<String, String>> late) {
    System.out.printf(
        "late topic: %d events that arrived after their window expired%n", late.size());
    if (!late.isEmpty()) {
      ConsumerRecord<String, String> first = late.get(0);
      System.out.printf(
          "  e.g. key %s missed window starting %s (expired %s)%n",
          first.key(),
          header(first, LateEvent.WINDOW_START_HEADER),
          header(first, LateEvent.EXPIRED_AT_HEADER));
    }
  }

  private static void printDeadLetters(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
    Map<String, Integer> reasons = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
      String error = header(d, DeadLetterFormat.REASON);
      reasons.merge(error.replaceAll("[:'].*$", ""), 1, Integer::sum);
    }
    System.out.printf("%ndead letters: %d records, by reason: %s%n", deadLetters.size(), reasons);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? "?" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void step(String what) {
    System.err.println("sluice demo: " + what + " ...");
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp dir is harmless.
    }
  }
}
