package dev.sluice.cli;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.quality.Alert;
import dev.sluice.quality.EvaluationResult;
import dev.sluice.quality.IotEvaluation;
import dev.sluice.quality.PaymentsEvaluation;
import dev.sluice.quality.PaymentsResult;
import dev.sluice.quality.TruthWindow;
import dev.sluice.time.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures how well a pipeline's alerts find known anomalies. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Score a pipeline's output against known truth.",
    subcommands = {
      EvaluateCommand.Iot.class,
      EvaluateClickstreamCommand.class,
      EvaluateCommand.Payments.class
    })
public final class EvaluateCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(
      name = "iot",
      mixinStandardHelpOptions = true,
      description = {
        "Match iot-telemetry alerts to the anomalies of a truth file (generate --scenario iot"
            + " --truth) and print recall, precision and detection delay per anomaly kind.",
        "An alert matches an anomaly of the same device and metric (or metric *) when its time"
            + " is in [start, end + tolerance]."
      })
  static final class Iot implements Callable<Integer> {

    @Mixin KafkaConnection kafka;

    @Spec CommandSpec spec;

    @Option(names = "--truth", paramLabel = "FILE", description = "Truth file (JSON lines).")
    Path truth;

    @Option(names = "--alertsTopic", description = "Read the alerts from this topic.")
    String alertsTopic;

    @Option(
        names = "--alerts",
        paramLabel = "FILE",
        description = "Read the alerts from a JSON-lines file instead.")
    Path alertsFile;

    @Option(
        names = "--tolerance",
        defaultValue = "10m",
        converter = Durations.Converter.class,
        description =
            "How long after an anomaly's end an alert still counts (default: ${DEFAULT-VALUE}).")
    Duration tolerance;

    @Mixin NabTruthOptions nab;

    @Override
    public Integer call() throws Exception {
      if ((alertsTopic == null) == (alertsFile == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give either --alertsTopic or --alerts");
      }
      List<TruthWindow> windows = truthWindows();
      List<String> lines =
          alertsFile != null
              ? Files.readAllLines(alertsFile)
              : TopicSnapshot.values(kafka.bootstrapServers(), alertsTopic);
      List<Alert> alerts = new ArrayList<>();
      for (String line : lines) {
        if (line != null && !line.isBlank()) {
          alerts.add(Alert.parse(line));
        }
      }
      EvaluationResult result = IotEvaluation.evaluate(windows, alerts, tolerance);
      var out = spec.commandLine().getOut();
      out.printf(
          "%d anomalies, %d alerts from %s%n",
          windows.size(), alerts.size(), alertsFile != null ? alertsFile : "topic " + alertsTopic);
      out.print(result.toTable());
      out.flush();
      return 0;
    }

    private List<TruthWindow> truthWindows() throws Exception {
      if (nab.given()) {
        if (truth != null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "give --truth or --nabWindows, not both");
        }
        return nab.windows(spec);
      }
      if (truth == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give --truth FILE (or --nabWindows with --nabFile)");
      }
      return TruthWindow.read(truth);
    }
  }

  @Command(
      name = "payments",
      mixinStandardHelpOptions = true,
      description = {
        "Score payments-risk decisions against the fraud of a truth file (generate --scenario"
            + " payments --truth) and print recall per fraud pattern, precision of review+block,"
            + " the share of legitimate payments flagged and the decisions per tier.",
        "Exit code 0 whether or not the goal (recall >= 90%, legitimate flagged <= 2%) is met."
      })
  static final class Payments implements Callable<Integer> {

    @Mixin KafkaConnection kafka;

    @Spec CommandSpec spec;

    @Option(
        names = "--truth",
        paramLabel = "FILE",
        required = true,
        description = "Truth file (JSON lines).")
    Path truth;

    @Option(
        names = "--decisionsTopics",
        split = ",",
        paramLabel = "TOPIC",
        description =
            "Read the decisions from these topics (e.g. the review, block, approve ones).")
    List<String> topics;

    @Option(
        names = "--decisions",
        paramLabel = "FILE",
        description = "Read the decisions from a JSON-lines file instead.")
    Path decisionsFile;

    @Override
    public Integer call() throws Exception {
      if ((topics == null) == (decisionsFile == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give either --decisionsTopics or --decisions");
      }
      List<PaymentsEvaluation.Fraud> frauds = new ArrayList<>();
      for (String line : Files.readAllLines(truth)) {
        if (!line.isBlank()) {
          frauds.add(PaymentsEvaluation.parseTruth(line));
        }
      }
      List<String> lines = new ArrayList<>();
      if (decisionsFile != null) {
        lines.addAll(Files.readAllLines(decisionsFile));
      } else {
        for (String topic : topics) {
          lines.addAll(TopicSnapshot.values(kafka.bootstrapServers(), topic));
        }
      }
      List<PaymentsEvaluation.Verdict> verdicts = new ArrayList<>();
      for (String line : lines) {
        if (line != null && !line.isBlank()) {
          verdicts.add(PaymentsEvaluation.parseDecision(line));
        }
      }
      PaymentsResult result = PaymentsEvaluation.evaluate(frauds, verdicts);
      var out = spec.commandLine().getOut();
      out.printf(
          "%d fraudulent payments, %d decisions from %s%n",
          frauds.size(),
          verdicts.size(),
          decisionsFile != null ? decisionsFile : "topics " + String.join(",", topics));
      out.print(result.toTable());
      out.flush();
      return 0;
    }
  }
}
