package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of scripts/bench. */
record BenchOptions(
    long events,
    long directEvents,
    Map<ScenarioInput, Long> scenarioSizes,
    int runs,
    int latencySeconds,
    int latencyRate,
    boolean quick,
    boolean backpressure,
    Set<Contender> contenders,
    boolean latency,
    boolean jfr,
    int backpressureRate,
    Path out,
    List<String> command,
    List<String> sluiceArgs,
    Baseline baseline) {

  static final String USAGE =
      """
      usage: scripts/bench [--quick] [--events N] [--direct-events N] [--runs N] [--latency-seconds N] [--latency-rate N] [--no-latency]
                           [--only slug,slug] [--tuning] [--iot] [--iot-readings N] [--clickstream] [--clickstream-clicks N]
                           [--payments] [--payments-payments N] [--router] [--router-events N] [--backpressure] [--out DIR]
        default   2,000,000 events (Direct: 20,000), 3 runs, 90 s latency runs, results in docs/benchmarks
        --quick   200,000 events (Direct: 10,000), 1 run, no latency runs (add --latency-seconds 60), results in target/bench/results
        --latency-rate N  the latency runs' input rate in events/s (default: half the slowest non-Direct maximum),
                  so that runs with different --sluice-arg flags are measured at the same rate
        --only    contenders by slug: %s (the limit loop always runs: it is the reference)
        --tuning  also the tuning steps: Sluice/Flink with its optimizations switched back off, one by one
        --iot     also iot-telemetry on FlinkRunner p=2, model statistics and model rcf, on its own input:
                  an IoT fleet of --iot-readings N readings (default 200,000; --quick: 50,000); throughput only
        --clickstream  also clickstream on FlinkRunner p=2 with its defaults (30 min session gap) on its own input:
                  a day of the generate --scenario clickstream shop, about --clickstream-clicks N clicks
                  (default 200,000; --quick: 50,000); throughput only
        --payments  also payments-risk on FlinkRunner p=2 with its defaults on its own input: a day of the
                  generate --scenario payments cards, about --payments-payments N payments (default 200,000;
                  --quick: 50,000); throughput only
        --router  also the router on FlinkRunner p=2 with its shipped rules, and the same routing in a plain
                  KafkaConsumer loop (router-loop), on --router-events N of the demo's sensor readings
                  (default 200,000; --quick: 50,000); throughput only; the loop must write what the router wrote
                  each of --iot, --clickstream, --payments and --router also runs its plain loop (iot-telemetry-loop,
                  clickstream-loop, payments-risk-loop, router-loop): the pipeline's work without a framework
        --backpressure  the slow-sink scenario instead of the comparison (--rate N events/s, default 10,000)
        --jfr     record a JFR profile of every throughput run (target/bench/work/*.jfr)
        --sluice-arg FLAG  add FLAG (e.g. --maxBundleSize=5000) to every Sluice contender's command; repeatable
        --baseline DIR  also sluice-flink-baseline: the plain Sluice/Flink row with DIR's bench build
                  (DIR/target/bench/classes + runtime.classpath, e.g. a worktree of an older commit)
      """;

  static BenchOptions parse(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    long events = quick ? 200_000 : 2_000_000;
    Long direct = null;
    int runs = quick ? 1 : 3;
    int latencySeconds = quick ? 0 : 90;
    int latencyRate = 0;
    boolean backpressure = false;
    boolean latency = true;
    boolean jfr = false;
    int rate = 10_000;
    Set<Contender> contenders = EnumSet.allOf(Contender.class);
    contenders.removeIf(
        c -> c.isTuningStep() || c == Contender.SLUICE_FLINK_BASELINE || c.isScenario());
    Map<ScenarioInput, Long> sizes = new EnumMap<>(ScenarioInput.class);
    Set<ScenarioInput> scenarios = EnumSet.noneOf(ScenarioInput.class);
    Baseline baseline = null;
    boolean tuning = false;
    List<String> sluiceArgs = new ArrayList<>();
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      ScenarioInput input = scenarioFlag(args[i]);
      if (input != null) {
        if (args[i].equals(input.flag())) {
          scenarios.add(input);
        } else {
          sizes.put(input, Long.parseLong(args[++i].replace("_", "")));
        }
        continue;
      }
      switch (args[i]) {
        case "--quick" -> {}
        case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
        case "--direct-events" -> direct = Long.parseLong(args[++i].replace("_", ""));
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--latency-seconds" -> latencySeconds = Integer.parseInt(args[++i]);
        case "--latency-rate" -> latencyRate = Integer.parseInt(args[++i].replace("_", ""));
        case "--no-latency" -> latency = false;
        case "--backpressure" -> backpressure = true;
        case "--jfr" -> jfr = true;
        case "--tuning" -> tuning = true;
        case "--sluice-arg" -> sluiceArgs.add(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i].replace("_", ""));
        case "--out" -> out = Path.of(args[++i]);
        case "--baseline" -> baseline = Baseline.of(Path.of(args[++i]));
        case "--only" -> {
          contenders = EnumSet.of(Contender.LIMIT);
          for (String slug : args[++i].split(",")) {
            contenders.add(bySlug(slug));
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
      }
    }
    if (tuning) {
      contenders.addAll(EnumSet.of(Contender.SLUICE_FLINK_SQL, Contender.SLUICE_FLINK_START));
    }
    for (Contender c : Contender.values()) {
      if (c.isScenario() && scenarios.contains(c.scenario.input())) {
        contenders.add(c);
      }
    }
    for (ScenarioInput input : ScenarioInput.values()) {
      sizes.putIfAbsent(input, quick ? ScenarioInput.QUICK_SIZE : ScenarioInput.DEFAULT_SIZE);
    }
    if (baseline != null) {
      contenders.add(Contender.SLUICE_FLINK_BASELINE);
    } else if (contenders.contains(Contender.SLUICE_FLINK_BASELINE)) {
      throw new IllegalArgumentException("sluice-flink-baseline needs --baseline DIR\n" + usage());
    }
    if (direct == null) {
      direct = Math.min(events, quick ? 10_000 : 20_000);
    }
    if (latency && latencySeconds > 0 && latencySeconds < LatencyPhase.MIN_SECONDS) {
      System.err.println(
          "bench: latency runs need at least "
              + LatencyPhase.MIN_SECONDS
              + " s of input; using that");
      latencySeconds = LatencyPhase.MIN_SECONDS;
    }
    if (out == null) {
      out = quick || backpressure ? Path.of("target/bench/results") : Path.of("docs/benchmarks");
    }
    return new BenchOptions(
        events,
        direct,
        Map.copyOf(sizes),
        runs,
        latencySeconds,
        latencyRate,
        quick,
        backpressure,
        contenders,
        latency && latencySeconds > 0,
        jfr,
        rate,
        out,
        new ArrayList<>(List.of(args)),
        sluiceArgs,
        baseline);
  }

  /** About how many records a scenario input's topic holds ({@code --iot-readings N} ...). */
  long size(ScenarioInput input) {
    return scenarioSizes.get(input);
  }

  /** The scenario input whose flag or size flag this is, or null. */
  private static ScenarioInput scenarioFlag(String arg) {
    for (ScenarioInput input : ScenarioInput.values()) {
      if (arg.equals(input.flag()) || arg.equals(input.sizeFlag())) {
        return input;
      }
    }
    return null;
  }

  static String usage() {
    StringBuilder slugs = new StringBuilder();
    for (Contender c : Contender.values()) {
      slugs.append(slugs.length() == 0 ? "" : ", ").append(c.slug);
    }
    return USAGE.formatted(slugs);
  }

  private static Contender bySlug(String slug) {
    for (Contender c : Contender.values()) {
      if (c.slug.equals(slug.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException("no contender '" + slug + "'\n" + usage());
  }
}
