package dev.sluice.cli;

import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.generator.ClickstreamTruthWriter;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.RecordPump;
import dev.sluice.generator.ShopperScript;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** {@code generate --scenario clickstream}: writes the shop's events, then the truth, a summary. */
final class ClickstreamScenario {

  private ClickstreamScenario() {}

  static int run(
      ClickstreamConfig config,
      Path truthFile,
      KafkaConnection kafka,
      String topic,
      Path out,
      double rate,
      PrintWriter stdout,
      PrintWriter stderr)
      throws Exception {
    ClickstreamGenerator generator = new ClickstreamGenerator(config);
    long started = System.nanoTime();
    RecordCounts counts =
        GeneratedOutput.write(
            generator, generator.expectedRecords(), kafka, topic, out, rate, stderr);
    // The truth goes last: a truth file beside a half-written topic would mislead an evaluation.
    if (truthFile != null) {
      ClickstreamTruthWriter.write(generator, truthFile);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    stdout.printf(
        "clickstream: %d users and %d bots, event time %s + %s, session gap %s, step timeout %s"
            + " (seed %d)%n",
        config.users(),
        config.bots(),
        config.startTime(),
        IotScenario.human(config.duration()),
        IotScenario.human(config.sessionGap()),
        IotScenario.human(config.stepTimeout()),
        config.seed());
    stdout.print(counts.toTable());
    stdout.println(
        "(LATE_WITHIN: arrives 2-10 min after its event time, or a session-merging click sent"
            + " after the next visit began; DUPLICATE: same id re-sent; MALFORMED_*: cut short or"
            + " without time)");
    stdout.print(generator.counts().toTable());
    stdout.print(scriptTable(generator));
    stdout.printf(
        "%d records in %.1f s (%s records/s) to %s%n",
        counts.total(),
        seconds,
        RecordPump.humanRate(counts.total() / Math.max(seconds, 1e-9)),
        topic != null && out != null
            ? "topic " + topic + " and " + out
            : topic != null ? "topic " + topic : out.toString());
    stdout.println(
        truthFile == null
            ? "truth: not written (give --truth FILE)"
            : "truth: "
                + generator.truth().size()
                + " events of "
                + generator.labels().size()
                + " users in "
                + truthFile);
    stdout.flush();
    return 0;
  }

  private static String scriptTable(ClickstreamGenerator generator) {
    Map<ShopperScript, Integer> users = new EnumMap<>(ShopperScript.class);
    generator.labels().values().forEach(s -> users.merge(s, 1, Integer::sum));
    StringBuilder sb = new StringBuilder("users by script\n");
    users.forEach((s, n) -> sb.append(String.format("  %-22s %10d%n", s.label(), n)));
    return sb.toString();
  }
}
