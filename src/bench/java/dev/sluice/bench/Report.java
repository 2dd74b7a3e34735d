package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** The Markdown report and its chart, named by date (and "-quick" for quick runs). */
final class Report {

  private final Results r;
  private final BenchOptions options;
  private final double minutes;

  Report(Results results, BenchOptions options, double minutes) {
    this.r = results;
    this.options = options;
    this.minutes = minutes;
  }

  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String name = LocalDate.now() + "-windowed-aggregate" + (options.quick() ? "-quick" : "");
    Path png = dir.resolve(name + ".png");
    Chart.throughput(
        r,
        String.format(
            "windowed-aggregate, %,d records, 2 cores: events/s (median of %d)",
            r.input.records(), options.runs()),
        png);
    Path md = dir.resolve(name + ".md");
    Files.writeString(md, markdown(png.getFileName().toString()));
    return md;
  }

  /**
   * What the scenario rows on one input ran: its generator, the pipeline and its flags, and how
   * they were measured.
   */
  private String scenarioLine(ScenarioInput input, WorkloadLoader.Loaded loaded) {
    List<Contender> rows =
        r.contenders().stream().filter(c -> c.isScenario() && c.scenario.input() == input).toList();
    Contender first = rows.get(0);
    java.util.Set<String> flags = new java.util.LinkedHashSet<>();
    rows.forEach(c -> flags.add(String.join(" ", c.scenario.flags())));
    flags.removeIf(String::isBlank);
    String slugs = String.join("`, `", rows.stream().map(c -> c.slug).toList());
    return String.format(
        "- %s rows (`%s`; `%s`): their own input, %,d records in 2 partitions from the"
            + " `generate --scenario %s` generator: %s; the catalogue's `%s` pipeline on its"
            + " scenario topics%s%s, its defaults otherwise; an event is a %s (a record), the"
            + " interval ends at the last record appended to its outputs; not compared with the"
            + " limit loop (another input), only checked to have read every record and that the"
            + " pipeline's accounting line balanced%s%n",
        first.scenario.pipeline(),
        input.flag(),
        slugs,
        loaded.records(),
        input.scenario,
        input.workload(options.size(input)).describe(),
        first.scenario.pipeline(),
        first.scenario.omit().isEmpty()
            ? ""
            : " without `" + String.join("`, `", first.scenario.omit()) + "`",
        flags.isEmpty() ? "" : ", `" + String.join("` or `", flags) + "`",
        input.unit,
        rows.stream().anyMatch(Contender::isPlainLoop)
            ? "; its plain loop (`"
                + String.join(
                    "`, `", rows.stream().filter(Contender::isPlainLoop).map(c -> c.slug).toList())
                + "`) does the pipeline's work on the same input and topics without a framework"
                + (rows.stream().anyMatch(Contender::writesWhatItsPipelineWrites)
                    ? " and must write as many records as the pipeline did in the same run"
                    : ", holding the whole input until its end (no watermark, nothing late)")
            : "");
  }

  private String markdown(String png) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "# windowed-aggregate: Sluice against native Flink, Kafka Streams and a plain consumer loop\n\n");
    sb.append("- date: ").append(LocalDate.now()).append('\n');
    sb.append("- machine: ")
        .append(Machine.describe())
        .append("; one Kafka 3.9.1 broker on the same cores\n");
    sb.append("- command: `scripts/bench")
        .append(options.command().isEmpty() ? "" : " " + String.join(" ", options.command()))
        .append("` (")
        .append(String.format("%.0f", minutes))
        .append(" min)\n");
    sb.append(
        String.format(
            "- input: %,d records in 2 partitions (%,d events, 0.25%% late within the allowed lateness, "
                + "0.25%% far late, one sentinel per partition), 10,000 keys, 10 s windows, out-of-orderness 10 s, "
                + "allowed lateness 30 s; every child JVM `%s`%n",
            r.input.records(), r.workload.events(), ChildJvm.HEAP));
    sb.append(
        String.format(
            "- Direct runner: %,d events, its CPU and wall seconds scaled to the full size%n",
            options.directEvents()));
    sb.append(
        String.format(
            "- machine load: 1-minute load average %.1f-%.1f at the ends of the runs (2 cores; above 2 means "
                + "other processes competed for them, see the last column below)%n",
            r.minLoad(), r.maxLoad()));
    r.scenarioInputs.forEach((input, loaded) -> sb.append(scenarioLine(input, loaded)));
    if (options.baseline() != null) {
      sb.append(
              "- baseline build (row `sluice-flink-baseline`, same flags, own JVM, its own classpath): ")
          .append(options.baseline().describe())
          .append('\n');
    }
    sb.append("- method: [README](README.md)\n\n");
    sb.append("![events per second](").append(png).append(")\n\n");

    sb.append(
        "| contender | s | events/s | runs: min-max events/s | x native Flink | CPU s | CPU us/event | x native CPU/event | peak RSS GB | latency p50 / p99 s | results equal the limit's |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Contender c : r.contenders()) {
      Results.Latency l = r.latency.get(c);
      double[] range = r.eventsPerSecondRange(c);
      sb.append(
          String.format(
              "| %s | %.1f%s | %,.0f | %,.0f-%,.0f | %s | %.1f%s | %.1f | %s | %.2f | %s | %s |%n",
              c.label,
              r.seconds(c),
              c.readsSmallTopic() ? " (scaled)" : "",
              r.eventsPerSecond(c),
              range[0],
              range[1],
              Results.fmt(r.ratioToFlink(c)),
              r.cpuSeconds(c),
              c.readsSmallTopic() ? " (scaled)" : "",
              r.cpuMicrosPerEvent(c),
              Results.fmt(r.cpuRatioToFlink(c)),
              r.peakRssGb(c),
              l == null ? "–" : String.format("%.1f / %.1f", l.p50(), l.p99()),
              c.writesWhatItsPipelineWrites()
                  ? (r.allEqual(c)
                      ? "– (own input; read all, accounting balanced, as many records out as the"
                          + " pipeline)"
                      : "**not the pipeline's records out, or not all read**")
                  : c.isScenario()
                      ? (r.allEqual(c)
                          ? "– (own input; read all, accounting balanced)"
                          : "**not all read and accounted for**")
                      : r.allEqual(c)
                          ? "yes (" + r.runs.get(c).size() + "/" + r.runs.get(c).size() + " runs)"
                          : "**no**"));
    }
    sb.append('\n');
    if (!r.baselineLine().isEmpty()) {
      sb.append("Against the baseline build: ").append(r.baselineLine()).append(".\n\n");
    }
    if (!r.loopLines().isEmpty()) {
      sb.append("Pipelines against a plain loop doing their work (medians):\n\n");
      r.loopLines().forEach(l -> sb.append("- ").append(l).append('\n'));
      sb.append('\n');
    }
    if (!r.latency.isEmpty()) {
      sb.append(
          String.format(
              "Latency at a fixed %,.0f events/s (%s), %d s of input per contender, "
                  + "one run each: broker append time of a (key, window)'s first result minus the window's end. It contains the 10 s "
                  + "out-of-orderness bound every contender waits for; Kafka Streams emits only when a window closes (grace 40 s). "
                  + "The Direct runner is left out: its maximum is below the rate.%n%n",
              r.latencyRate, LatencyPhase.rateChoice(options), options.latencySeconds()));
      sb.append(
          "| contender | results measured | p50 s | p99 s | lag when the input ended |\n|---|---|---|---|---|\n");
      r.latency.forEach(
          (c, l) ->
              sb.append(
                  String.format(
                      "| %s | %,d | %.2f | %.2f | %,d |%n",
                      c.label, l.results(), l.p50(), l.p99(), l.lagAtEnd())));
      sb.append('\n');
    }
    sb.append("Every run (s = first records polled to last result appended):\n\n");
    sb.append(
        "| contender | run | records | s | events/s | CPU s | peak RSS GB | results written | load avg at end | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
    r.runs.forEach(
        (c, list) ->
            list.forEach(
                m ->
                    sb.append(
                        String.format(
                            "| %s | %d | %,d | %.1f | %,.0f | %.1f | %.2f | %,d | %.1f | %s |%n",
                            c.slug,
                            m.run(),
                            m.events(),
                            m.seconds(),
                            m.eventsPerSecond(),
                            m.cpuSeconds(),
                            m.peakRssKb() / 1048576.0,
                            m.results(),
                            m.loadAverage(),
                            c.isScenario() && m.verdict().equal()
                                ? "read all "
                                    + m.events()
                                    + " records (own input), accounting balanced"
                                : m.verdict()))));
    return sb.toString();
  }
}
