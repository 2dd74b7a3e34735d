package dev.sluice.cli;

import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.JsonLinesWriter;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.LabelledSeries;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.RecordPump;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Loads a real labelled series as sensor readings, to test detection on data nobody generated. */
@Command(
    name = "series",
    mixinStandardHelpOptions = true,
    description = {
      "Load a Numenta Anomaly Benchmark CSV (timestamp,value; UTC) as sensor.reading CloudEvents"
          + " of one device and metric, into a topic and/or a JSON-lines file.",
      "Score the pipeline's alerts with: evaluate iot --nabWindows labels/combined_windows.json"
          + " --nabFile <its key> --device D --metric M --alertsTopic T"
    })
public final class SeriesCommand implements Callable<Integer> {

  @Mixin KafkaConnection kafka;

  @Spec CommandSpec spec;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The NAB CSV.")
  Path csv;

  @Option(names = "--device", required = true, description = "Device (key and subject).")
  String device;

  @Option(names = "--metric", required = true, description = "Metric name in data.")
  String metric;

  @Option(
      names = "--site",
      defaultValue = "nab",
      description = "site attribute (default: ${DEFAULT-VALUE}).")
  String site;

  @Option(names = "--topic", description = "Topic to write to (required unless --out is given).")
  String topic;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the records as JSON lines.")
  Path out;

  @Option(
      names = "--idPrefix",
      defaultValue = "nab-",
      description = "Prefix of event ids, the row number follows (default: ${DEFAULT-VALUE}).")
  String idPrefix;

  @Override
  public Integer call() throws Exception {
    if (topic == null && out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --topic, --out or both");
    }
    List<GeneratedRecord> records = LabelledSeries.read(csv, device, metric, site, idPrefix);
    RecordCounts counts;
    try (KafkaEventWriter kafkaSink =
            topic == null ? null : new KafkaEventWriter(kafka.clientProperties(), topic);
        JsonLinesWriter fileSink = out == null ? null : new JsonLinesWriter(out)) {
      Consumer<GeneratedRecord> sink = r -> {};
      if (kafkaSink != null) {
        sink = sink.andThen(kafkaSink);
      }
      if (fileSink != null) {
        sink = sink.andThen(fileSink);
      }
      counts =
          RecordPump.run(records.iterator(), records.size(), 0, spec.commandLine().getErr(), sink);
      if (kafkaSink != null) {
        kafkaSink.flush();
      }
    }
    var stdout = spec.commandLine().getOut();
    stdout.printf(
        "%d readings of %s %s from %s, event time %s .. %s, to %s%n",
        counts.total(),
        device,
        metric,
        csv,
        records.isEmpty() ? "-" : records.get(0).eventTime(),
        records.isEmpty() ? "-" : records.get(records.size() - 1).eventTime(),
        topic != null && out != null
            ? "topic " + topic + " and " + out
            : topic != null ? "topic " + topic : out);
    stdout.flush();
    return 0;
  }
}
