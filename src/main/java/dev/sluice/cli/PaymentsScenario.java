package dev.sluice.cli;

import dev.sluice.generator.FraudPattern;
import dev.sluice.generator.FraudTruth;
import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.RecordPump;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * {@code generate --scenario payments}: writes the cards' payments, then the truth and a summary.
 */
final class PaymentsScenario {

  /** The options only the payments scenario reads. */
  static final class Options {
    @Option(
        names = "--cards",
        defaultValue = "" + PaymentsConfig.DEFAULT_CARDS,
        description = "payments: cards paying (default: ${DEFAULT-VALUE}).")
    int cards;

    @Option(
        names = "--fraudCardShare",
        defaultValue = "" + PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE,
        description =
            "payments: share of cards with one fraud incident; merchant attacks come on top"
                + " (default: ${DEFAULT-VALUE}).")
    double fraudCardShare;

    PaymentsConfig config(long seed, Instant startTime, Duration duration, String idPrefix) {
      return new PaymentsConfig(seed, cards, startTime, duration, fraudCardShare, idPrefix);
    }
  }

  private PaymentsScenario() {}

  static int run(
      PaymentsConfig config,
      Path truthFile,
      KafkaConnection kafka,
      String topic,
      Path out,
      double rate,
      PrintWriter stdout,
      PrintWriter stderr)
      throws Exception {
    PaymentsGenerator generator = new PaymentsGenerator(config);
    long started = System.nanoTime();
    RecordCounts counts =
        GeneratedOutput.write(
            generator, generator.expectedRecords(), kafka, topic, out, rate, stderr);
    // The truth goes last: a truth file beside a half-written topic would mislead an evaluation.
    if (truthFile != null) {
      FraudTruth.write(generator.truth(), truthFile);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    stdout.printf(
        "payments: %d cards, event time %s + %s (seed %d)%n",
        config.cards(), config.startTime(), IotScenario.human(config.duration()), config.seed());
    stdout.print(counts.toTable());
    stdout.println(
        "(LATE_WITHIN: arrives 2-10 min after its event time; DUPLICATE: same id re-sent;"
            + " MALFORMED_WRONG_TYPES: the amount as text)");
    stdout.print(generator.cardsSummary());
    stdout.println("fraudulent payments (truth lines)");
    for (FraudPattern p : FraudPattern.values()) {
      stdout.printf("  %-22s %10d%n", p.label(), generator.fraudCounts().getOrDefault(p, 0));
    }
    stdout.printf("  %-22s %10d%n", "TOTAL", generator.truth().size());
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
            : "truth: " + generator.truth().size() + " fraudulent payments in " + truthFile);
    stdout.flush();
    return 0;
  }
}
