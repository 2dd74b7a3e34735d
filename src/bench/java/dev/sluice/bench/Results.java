package dev.sluice.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** All runs of one invocation, reduced to medians and ratios to native Flink. */
final class Results {

  /** Latency of one contender at the fixed rate, in seconds after window end. */
  record Latency(double rate, double p50, double p99, int results, long lagAtEnd) {}

  final Map<Contender, List<Measurement>> runs;
  final BenchOptions options;
  final Workload workload;
  final WorkloadLoader.Loaded input;
  final Map<Contender, Latency> latency = new EnumMap<>(Contender.class);
  double latencyRate;

  /** The scenario rows' own inputs (--iot, --clickstream). */
  final Map<ScenarioInput, WorkloadLoader.Loaded> scenarioInputs =
      new EnumMap<>(ScenarioInput.class);

  Results(
      Map<Contender, List<Measurement>> runs,
      BenchOptions options,
      Workload workload,
      WorkloadLoader.Loaded input) {
    this.runs = runs;
    this.options = options;
    this.workload = workload;
    this.input = input;
  }

  List<Contender> contenders() {
    return new ArrayList<>(runs.keySet());
  }

  double median(Contender c, ToDoubleFunction<Measurement> figure) {
    double[] v = runs.get(c).stream().mapToDouble(figure).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  double eventsPerSecond(Contender c) {
    return median(c, Measurement::eventsPerSecond);
  }

  /** CPU seconds for the full-size topic (scaled for the Direct runner). */
  double cpuSeconds(Contender c) {
    return median(c, m -> m.cpuSeconds() * m.scale());
  }

  /**
   * Wall seconds of the throughput interval for the full-size topic (scaled for the Direct runner).
   */
  double seconds(Contender c) {
    return median(c, m -> m.seconds() * m.scale());
  }

  double peakRssGb(Contender c) {
    return median(c, m -> m.peakRssKb() / 1048576.0);
  }

  double cpuMicrosPerEvent(Contender c) {
    return median(c, Measurement::cpuMicrosPerEvent);
  }

  boolean allEqual(Contender c) {
    return runs.get(c).stream().allMatch(m -> m.verdict().equal());
  }

  /** Ratio of a contender's throughput to native Flink's in this invocation, or NaN without it. */
  double ratioToFlink(Contender c) {
    return runs.containsKey(Contender.NATIVE_FLINK) && !c.isScenario()
        ? eventsPerSecond(c) / eventsPerSecond(Contender.NATIVE_FLINK)
        : Double.NaN;
  }

  /** Ratio of a contender's CPU per event to native Flink's in this invocation, or NaN. */
  double cpuRatioToFlink(Contender c) {
    return runs.containsKey(Contender.NATIVE_FLINK) && !c.isScenario()
        ? cpuMicrosPerEvent(c) / cpuMicrosPerEvent(Contender.NATIVE_FLINK)
        : Double.NaN;
  }

  /**
   * Each pipeline row against the plain loop doing its work on the same input, in this invocation:
   * what the framework costs for that pipeline.
   */
  List<String> loopLines() {
    List<String> lines = new ArrayList<>();
    for (Contender loop : runs.keySet()) {
      if (!loop.isPlainLoop()) {
        continue;
      }
      for (Contender c : runs.keySet()) {
        if (c.isScenario() && !c.isPlainLoop() && c.scenario.input() == loop.scenario.input()) {
          lines.add(
              String.format(
                  "%s against %s: %.2fx its events/s, %.2fx its CPU per event (%.1f against %.1f"
                      + " us)",
                  c.slug,
                  loop.slug,
                  eventsPerSecond(c) / eventsPerSecond(loop),
                  cpuMicrosPerEvent(c) / cpuMicrosPerEvent(loop),
                  cpuMicrosPerEvent(c),
                  cpuMicrosPerEvent(loop)));
        }
      }
    }
    return lines;
  }

  /** The lowest and highest events/s over a contender's runs: the spread the median hides. */
  double[] eventsPerSecondRange(Contender c) {
    double[] v = runs.get(c).stream().mapToDouble(Measurement::eventsPerSecond).sorted().toArray();
    return new double[] {v[0], v[v.length - 1]};
  }

  /**
   * This build against the baseline build (--baseline), plain Sluice/Flink: a figure of this build
   * divided by the baseline's, or NaN without both.
   */
  double ratioToBaseline(ToDoubleFunction<Contender> figure) {
    return runs.containsKey(Contender.SLUICE_FLINK)
            && runs.containsKey(Contender.SLUICE_FLINK_BASELINE)
        ? figure.applyAsDouble(Contender.SLUICE_FLINK)
            / figure.applyAsDouble(Contender.SLUICE_FLINK_BASELINE)
        : Double.NaN;
  }

  /** One line comparing this build's plain Sluice/Flink with the baseline's, or "" without both. */
  String baselineLine() {
    if (Double.isNaN(ratioToBaseline(this::eventsPerSecond))) {
      return "";
    }
    return String.format(
        "this build / baseline build (%s), Sluice on FlinkRunner plain, medians: events/s %,.0f / %,.0f"
            + " = %.3f; CPU us/event %.1f / %.1f = %.3f; peak RSS GB %.2f / %.2f = %.3f",
        options.baseline().describe(),
        eventsPerSecond(Contender.SLUICE_FLINK),
        eventsPerSecond(Contender.SLUICE_FLINK_BASELINE),
        ratioToBaseline(this::eventsPerSecond),
        cpuMicrosPerEvent(Contender.SLUICE_FLINK),
        cpuMicrosPerEvent(Contender.SLUICE_FLINK_BASELINE),
        ratioToBaseline(this::cpuMicrosPerEvent),
        peakRssGb(Contender.SLUICE_FLINK),
        peakRssGb(Contender.SLUICE_FLINK_BASELINE),
        ratioToBaseline(this::peakRssGb));
  }

  /** The fixed input rate of the latency runs: half the slowest non-Direct maximum. */
  double latencyRate() {
    double slowest = Double.MAX_VALUE;
    for (Contender c : runs.keySet()) {
      if (c != Contender.SLUICE_DIRECT && !c.throughputOnly()) {
        slowest = Math.min(slowest, eventsPerSecond(c));
      }
    }
    return Math.floor(slowest / 2 / 100) * 100;
  }

  String summary() {
    StringBuilder sb =
        new StringBuilder(
            "summary (median of "
                + options.runs()
                + " run(s), "
                + String.format("%,d", input.records())
                + " records):\n");
    for (Contender c : runs.keySet()) {
      Latency l = latency.get(c);
      sb.append(
          String.format(
              "  %-58s %9s ev/s  %5s x Flink  CPU %6.1f s  RSS %4.1f GB%s  %s%n",
              c.label,
              String.format("%,.0f", eventsPerSecond(c)),
              fmt(ratioToFlink(c)),
              cpuSeconds(c),
              peakRssGb(c),
              l == null ? "" : String.format("  latency p50 %.1f s p99 %.1f s", l.p50(), l.p99()),
              c.writesWhatItsPipelineWrites()
                  ? (allEqual(c) ? "own input, same records out" : "NOT THE SAME RECORDS OUT")
                  : c.isScenario()
                      ? (allEqual(c)
                          ? "own input, read all, accounted"
                          : "NOT ALL READ AND ACCOUNTED")
                      : allEqual(c) ? "equal" : "NOT EQUAL"));
    }
    String baseline = baselineLine();
    if (!baseline.isEmpty()) {
      sb.append("  ").append(baseline).append('\n');
    }
    loopLines().forEach(l -> sb.append("  ").append(l).append('\n'));
    return sb.toString();
  }

  double minLoad() {
    return runs.values().stream()
        .flatMap(List::stream)
        .mapToDouble(Measurement::loadAverage)
        .min()
        .orElse(Double.NaN);
  }

  double maxLoad() {
    return runs.values().stream()
        .flatMap(List::stream)
        .mapToDouble(Measurement::loadAverage)
        .max()
        .orElse(Double.NaN);
  }

  static String fmt(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format("%.2f", ratio);
  }
}
