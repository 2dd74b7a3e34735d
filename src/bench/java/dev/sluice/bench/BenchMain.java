package dev.sluice.bench;

import dev.sluice.local.LocalKafkaProcess;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench: starts its own broker (free port), pre-fills the workload, runs every contender in
 * its own JVM one after another (runs interleaved, so drift in the machine hits all alike), checks
 * each against the limit loop, measures latency at a fixed rate, writes the report.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    Path work = Path.of("target/bench/work");
    deleteRecursively(work);
    Files.createDirectories(work);
    Path flinkConf = writeFlinkConf(work);
    long started = System.nanoTime();
    String bootstrap = LocalKafkaProcess.start(work.resolve("kafka"), 0, out);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LocalKafkaProcess.stop(work.resolve("kafka")), "bench-kafka-stop"));
    out.println("bench: broker at " + bootstrap);
    int code;
    if (options.backpressure()) {
      code = new BackpressureScenario(bootstrap, work, flinkConf, options, out).run();
    } else {
      code = compare(options, bootstrap, work, flinkConf, out, started);
    }
    out.printf("bench: finished in %.1f min%n", (System.nanoTime() - started) / 60e9);
    System.exit(code);
  }

  /**
   * A plain loop's run, failed unless it wrote as many records as each pipeline row on its input
   * did in the same run (the pipeline ran first: rows run in the table's order).
   */
  static Measurement sameOutput(Measurement loop, Map<Contender, List<Measurement>> measured) {
    List<String> problems = new ArrayList<>();
    measured.forEach(
        (c, runs) -> {
          if (c.isScenario()
              && !c.isPlainLoop()
              && c.scenario.input() == loop.contender().scenario.input()) {
            for (Measurement m : runs) {
              if (m.run() == loop.run() && m.results() != loop.results()) {
                problems.add(
                    String.format(
                        "wrote %,d records, %s %,d", loop.results(), c.slug, m.results()));
              }
            }
          }
        });
    if (problems.isEmpty()) {
      return loop;
    }
    Verdict v = loop.verdict();
    List<String> all = new ArrayList<>(v.examples());
    all.addAll(problems);
    return loop.withVerdict(
        new Verdict(v.windows(), v.missing(), v.extra(), v.different() + problems.size(), all));
  }

  private static int compare(
      BenchOptions options,
      String bootstrap,
      Path work,
      Path flinkConf,
      PrintStream out,
      long started)
      throws IOException {
    WorkloadLoader loader = new WorkloadLoader(bootstrap);
    PrintWriter progress = new PrintWriter(out, true);
    Workload workload = Workload.of(options.events());
    out.printf(
        "bench: pre-filling %,d events (+0.25%% far late, + sentinels) ...%n", workload.events());
    WorkloadLoader.Loaded big = loader.prefill("bench-events", workload, progress);
    WorkloadLoader.Loaded small = null;
    if (options.contenders().contains(Contender.SLUICE_DIRECT)) {
      out.printf(
          "bench: pre-filling %,d events for the Direct runner ...%n", options.directEvents());
      small =
          loader.prefill(
              "bench-events-direct", workload.withEvents(options.directEvents()), progress);
    }
    // One topic per scenario input, read by every row on it (iot: statistics and rcf).
    Map<ScenarioInput, WorkloadLoader.Loaded> scenarioInputs = new EnumMap<>(ScenarioInput.class);
    for (Contender c : options.contenders()) {
      if (c.isScenario() && !scenarioInputs.containsKey(c.scenario.input())) {
        ScenarioInput input = c.scenario.input();
        ScenarioWorkload generated = input.workload(options.size(input));
        out.printf(
            "bench: pre-filling about %,d %s %ss (%s) ...%n",
            options.size(input), input.scenario, input.unit, generated.describe());
        scenarioInputs.put(input, loader.prefillScenario(input.topic(), generated, progress));
      }
    }

    ThroughputRun runner =
        new ThroughputRun(bootstrap, work, flinkConf, out)
            .withJfr(options.jfr())
            .withSluiceArgs(options.sluiceArgs())
            .withBaseline(options.baseline());
    Map<String, WindowResult> reference = null;
    Map<String, WindowResult> smallReference = null;
    Map<Contender, List<Measurement>> measured = new EnumMap<>(Contender.class);
    boolean allEqual = true;
    for (int run = 1; run <= options.runs(); run++) {
      // The limit loop first: its first run is the reference for everyone.
      for (Contender c : orderWithLimitFirst(options, run)) {
        if (c.isScenario()) {
          ThroughputRun.Outcome o =
              runner.runScenario(c, run, scenarioInputs.get(c.scenario.input()));
          Measurement m =
              c.writesWhatItsPipelineWrites()
                  ? sameOutput(o.measurement(), measured)
                  : o.measurement();
          allEqual &= m.verdict().equal();
          measured.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
          continue;
        }
        boolean direct = c.readsSmallTopic();
        if (direct && smallReference == null) {
          out.println("bench: reference for the Direct runner's topic: the limit loop over it");
          smallReference = runner.run(Contender.LIMIT, 0, small, null, 1).finals();
        }
        double scale = direct ? big.records() / (double) small.records() : 1;
        ThroughputRun.Outcome o =
            runner.run(c, run, direct ? small : big, direct ? smallReference : reference, scale);
        if (c == Contender.LIMIT && reference == null) {
          reference = o.finals();
        }
        allEqual &= o.measurement().verdict().equal();
        measured.computeIfAbsent(c, k -> new ArrayList<>()).add(o.measurement());
      }
    }
    Results results = new Results(measured, options, workload, big);
    results.scenarioInputs.putAll(scenarioInputs);
    if (options.latency()) {
      new LatencyPhase(bootstrap, work, flinkConf, workload, options, out).run(results);
    }
    Path report =
        new Report(results, options, (System.nanoTime() - started) / 60e9).write(options.out());
    out.println();
    out.println(results.summary());
    out.println("bench: report " + report);
    out.println(
        allEqual
            ? "bench: every contender's results equal the limit loop's"
            : "bench: SOME RESULTS DIFFER from the limit loop's (see above); their times do not count");
    return allEqual ? 0 : 1;
  }

  private static List<Contender> orderWithLimitFirst(BenchOptions options, int run) {
    List<Contender> order = new ArrayList<>();
    order.add(Contender.LIMIT);
    for (Contender c : Contender.values()) {
      if (c != Contender.LIMIT && options.contenders().contains(c)) {
        order.add(c);
      }
    }
    // With a baseline, its run and the plain row's alternate which goes first (odd runs: this build
    // first), so neither always runs into the other's aftermath (page cache, broker, load).
    int current = order.indexOf(Contender.SLUICE_FLINK);
    int base = order.indexOf(Contender.SLUICE_FLINK_BASELINE);
    if (run % 2 == 0 && current >= 0 && base >= 0) {
      java.util.Collections.swap(order, current, base);
    }
    return order;
  }

  /**
   * Flink settings for both embedded Flink contenders: the REST endpoint on a free port, never
   * 8081.
   */
  static Path writeFlinkConf(Path work) throws IOException {
    Path dir = work.resolve("flink-conf");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("config.yaml"),
        "rest.bind-port: \"0\"\nrest.address: 127.0.0.1\nrest.bind-address: 127.0.0.1\n");
    return dir;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
