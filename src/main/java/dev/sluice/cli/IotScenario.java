package dev.sluice.cli;

import dev.sluice.generator.AnomalyKind;
import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.RecordPump;
import dev.sluice.generator.TruthAnomaly;
import dev.sluice.generator.TruthWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** {@code generate --scenario iot}: writes the fleet's readings, then the truth and a summary. */
final class IotScenario {

  private IotScenario() {}

  static int run(
      IotConfig config,
      Path truthFile,
      KafkaConnection kafka,
      String topic,
      Path out,
      double rate,
      PrintWriter stdout,
      PrintWriter stderr)
      throws Exception {
    IotGenerator generator = new IotGenerator(config);
    long started = System.nanoTime();
    RecordCounts counts =
        GeneratedOutput.write(
            generator, generator.expectedRecords(), kafka, topic, out, rate, stderr);
    // The truth goes last: a truth file beside a half-written topic would mislead an evaluation.
    if (truthFile != null) {
      TruthWriter.write(generator.truth(), truthFile);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    stdout.printf(
        "iot: %d devices on %d sites, every %s, event time %s + %s (seed %d)%n",
        config.devices(),
        config.sites(),
        human(config.interval()),
        config.startTime(),
        human(config.duration()),
        config.seed());
    stdout.print(counts.toTable());
    stdout.println(
        "(LATE_WITHIN: arrives 2-10 min after its event time; DUPLICATE: same id re-sent;"
            + " MALFORMED_WRONG_TYPES: a metric as \"n/a\")");
    stdout.print(generator.counts().toTable());
    stdout.print(anomalyTable(generator));
    stdout.printf(
        "%d records in %.1f s (%s records/s) to %s%n",
        counts.total(),
        seconds,
        RecordPump.humanRate(counts.total() / Math.max(seconds, 1e-9)),
        destination(topic, out));
    stdout.println(
        truthFile == null
            ? "truth: not written (give --truth FILE)"
            : "truth: " + generator.truth().size() + " anomalies in " + truthFile);
    stdout.flush();
    return 0;
  }

  private static String anomalyTable(IotGenerator generator) {
    Map<AnomalyKind, Integer> byKind = new EnumMap<>(AnomalyKind.class);
    for (TruthAnomaly a : generator.truth()) {
      byKind.merge(a.kind(), 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder("anomalies (truth lines)\n");
    for (AnomalyKind kind : AnomalyKind.values()) {
      sb.append(String.format("  %-22s %10d%n", kind.label(), byKind.getOrDefault(kind, 0)));
    }
    sb.append(String.format("  %-22s %10d%n", "TOTAL", generator.truth().size()));
    return sb.toString();
  }

  /** 2d, 36h, 90m, 45s: as the flags are written. */
  static String human(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toMillis() + "ms";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private static String destination(String topic, Path out) {
    if (topic != null && out != null) {
      return "topic " + topic + " and " + out;
    }
    return topic != null ? "topic " + topic : out.toString();
  }
}
