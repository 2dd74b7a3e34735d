package dev.sluice.cli;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.quality.Alert;
import dev.sluice.quality.MetricChart;
import dev.sluice.quality.MetricPlotData;
import dev.sluice.quality.TruthWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Draws what a pipeline saw and said about one series. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = "Draw a pipeline's input and output for one series as a PNG.",
    subcommands = {PlotCommand.Iot.class})
public final class PlotCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(
      name = "iot",
      mixinStandardHelpOptions = true,
      description = {
        "One device's metric over event time (line), its score (right axis, 0..1), the alerts"
            + " (dashed lines with their reason) and the truth windows (shaded), as a PNG.",
        "Topics are read whole as they stand; files (--input, --scores, --alerts) work offline."
      })
  static final class Iot implements Callable<Integer> {

    @Mixin KafkaConnection kafka;

    @Spec CommandSpec spec;

    @Option(names = "--device", required = true, description = "Device to draw, e.g. device-7.")
    String device;

    @Option(names = "--metric", required = true, description = "Metric to draw, e.g. temperature.")
    String metric;

    @Option(names = "--inputTopic", description = "Topic of the sensor.reading CloudEvents.")
    String inputTopic;

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "Readings from a file instead: CloudEvents or 'generate --out' JSON lines.")
    Path inputFile;

    @Option(names = "--scoresTopic", description = "Topic of the per-reading scores (optional).")
    String scoresTopic;

    @Option(names = "--scores", paramLabel = "FILE", description = "Scores from a JSON-lines file.")
    Path scoresFile;

    @Option(names = "--alertsTopic", description = "Topic of the alerts (optional).")
    String alertsTopic;

    @Option(names = "--alerts", paramLabel = "FILE", description = "Alerts from a JSON-lines file.")
    Path alertsFile;

    @Option(names = "--truth", paramLabel = "FILE", description = "Truth file to shade (optional).")
    Path truth;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE.png",
        description = "PNG to write.")
    Path out;

    @Option(
        names = "--from",
        converter = GenerateCommand.InstantConverter.class,
        description = "First event time drawn, RFC 3339 (default: all).")
    Instant from;

    @Option(
        names = "--to",
        converter = GenerateCommand.InstantConverter.class,
        description = "Last event time drawn, RFC 3339 (default: all).")
    Instant to;

    @Option(
        names = "--width",
        defaultValue = "1400",
        description = "Pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
        names = "--height",
        defaultValue = "600",
        description = "Pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() throws Exception {
      if ((inputTopic == null) == (inputFile == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give either --inputTopic or --input");
      }
      List<Alert> alerts = new ArrayList<>();
      for (String line : lines(alertsTopic, alertsFile)) {
        alerts.add(Alert.parse(line));
      }
      MetricPlotData data =
          MetricPlotData.of(
              device,
              metric,
              lines(inputTopic, inputFile),
              lines(scoresTopic, scoresFile),
              alerts,
              truth == null ? List.of() : TruthWindow.read(truth),
              from,
              to);
      MetricChart.write(data, out, width, height);
      var stdout = spec.commandLine().getOut();
      stdout.printf(
          "%s: %s %s, %d points, %d scores, %d alerts, %d truth windows%n",
          out,
          device,
          metric,
          data.points().size(),
          data.scores().size(),
          data.alerts().size(),
          data.truth().size());
      stdout.flush();
      return 0;
    }

    /** The non-blank record values of a topic or lines of a file; none if neither is given. */
    private List<String> lines(String topic, Path file) throws Exception {
      if (topic != null && file != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give a topic or a file, not both (" + topic + ", " + file + ")");
      }
      List<String> raw =
          topic != null
              ? TopicSnapshot.values(kafka.bootstrapServers(), topic)
              : file != null ? Files.readAllLines(file) : List.of();
      return raw.stream().filter(s -> s != null && !s.isBlank()).toList();
    }
  }
}
