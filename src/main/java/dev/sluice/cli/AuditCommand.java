package dev.sluice.cli;

import dev.sluice.event.EventParser;
import dev.sluice.kit.AuditReport;
import dev.sluice.pipelines.windowedaggregate.ReadingExtractor;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregateAudit;
import dev.sluice.time.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice audit}: were a windowed-aggregate job's committed outputs exactly once? */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Check what a windowed-aggregate job committed (read_committed) against its input, recomputed"
          + " here: no accepted event lost or counted twice in a final window, no pane committed twice,"
          + " one dead letter per invalid record, late events named once. Windows not yet final by the"
          + " input's own watermark are skipped, so a running job can be audited.",
      "Exit code 0 when clean, 1 otherwise. Give the job's own window settings."
    })
public final class AuditCommand implements Callable<Integer> {

  @Mixin KafkaConnection kafka;

  @Option(names = "--inputTopic", required = true)
  String inputTopic;

  @Option(names = "--outputTopic", required = true)
  String outputTopic;

  @Option(names = "--deadLetterTopic", required = true)
  String deadLetterTopic;

  @Option(
      names = "--lateTopic",
      defaultValue = "",
      description = "Empty if the job ran with --captureLate=false.")
  String lateTopic;

  @Option(
      names = "--window",
      defaultValue = "10s",
      converter = Durations.Converter.class,
      description = "(default: ${DEFAULT-VALUE})")
  Duration window;

  @Option(
      names = "--allowedLateness",
      defaultValue = "30s",
      converter = Durations.Converter.class,
      description = "(default: ${DEFAULT-VALUE})")
  Duration allowedLateness;

  @Option(
      names = "--maxOutOfOrderness",
      defaultValue = "10s",
      converter = Durations.Converter.class,
      description = "(default: ${DEFAULT-VALUE})")
  Duration maxOutOfOrderness;

  @Option(
      names = "--valueField",
      defaultValue = "value",
      description = "(default: ${DEFAULT-VALUE})")
  String valueField;

  @Option(
      names = "--maxFutureSkew",
      defaultValue = "1h",
      converter = Durations.Converter.class,
      description = "(default: ${DEFAULT-VALUE})")
  Duration maxFutureSkew;

  @Override
  public Integer call() {
    System.err.printf(
        "audit: reading %s, %s, %s%s ...%n",
        inputTopic, outputTopic, deadLetterTopic, lateTopic.isBlank() ? "" : ", " + lateTopic);
    AuditReport report =
        new WindowedAggregateAudit(
                new EventParser(maxFutureSkew),
                new ReadingExtractor(valueField),
                window,
                allowedLateness,
                maxOutOfOrderness)
            .run(kafka.bootstrapServers(), inputTopic, outputTopic, deadLetterTopic, lateTopic);
    System.out.println(report.format());
    return report.clean() ? 0 : 1;
  }
}
