package dev.sluice.cli;

import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.RecordPump;
import dev.sluice.time.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a deterministic stream of CloudEvents, defects included, to Kafka and/or a file. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate realistic CloudEvents sensor readings (structured and binary mode) with disorder,"
          + " late events, duplicates and malformed records, into a Kafka topic and/or a JSON-lines file.",
      "The same --seed and options give byte-identical records (set --startTime to pin event times too).",
      "--scenario iot: a fleet of devices (temperature, humidity, battery) with injected anomalies"
          + " of known position, written with --truth FILE for 'sluice evaluate iot'.",
      "--scenario clickstream: shoppers with scripted journeys and bots (page_view, add_to_cart,"
          + " checkout, purchase), every valid event and each user's script written with --truth"
          + " FILE for 'sluice evaluate clickstream'.",
      "--scenario payments: cards paying (payment.authorized) with injected fraud, written with"
          + " --truth FILE for 'sluice evaluate payments'."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Mixin KafkaConnection kafka;

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      defaultValue = "sensor",
      description =
          "sensor: --count single-value readings; iot: a device fleet with anomalies; clickstream:"
              + " a shop's users and bots; payments: cards with fraud (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Mixin IotScenarioOptions iot;

  @Mixin ClickstreamScenarioOptions clickstream;
  @Mixin PaymentsScenario.Options payments;

  @Option(names = "--topic", description = "Topic to write to (required unless --out is given).")
  String topic;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Also write the records as JSON lines {kind,key,valueUtf8,headers}; alone, write only the file.")
  Path out;

  @Option(
      names = "--count",
      defaultValue = "10000",
      description = "Records to generate (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Records per second of wall time, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--startTime",
      converter = InstantConverter.class,
      description = "Event time of the first record, RFC 3339 (default: now minus the span).")
  Instant startTime;

  @Option(
      names = "--eventTimeRate",
      defaultValue = "100",
      description =
          "Events per second of event time: the stream spans count/this seconds (default: ${DEFAULT-VALUE}).")
  double eventTimeRate;

  @Option(
      names = "--keys",
      defaultValue = "100",
      description = "Distinct subjects (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(
      names = "--hotKeyShare",
      defaultValue = "" + GeneratorConfig.DEFAULT_HOT_KEY_SHARE,
      description =
          "Share of events for the hot keys, 1%% of all keys (default: ${DEFAULT-VALUE}).")
  double hotKeyShare;

  @Option(
      names = "--lateShare",
      defaultValue = "" + GeneratorConfig.DEFAULT_LATE_WITHIN_SHARE,
      description =
          "Share late for their window but within allowed lateness (default: ${DEFAULT-VALUE}).")
  double lateShare;

  @Option(
      names = "--lateBeyondShare",
      defaultValue = "" + GeneratorConfig.DEFAULT_LATE_BEYOND_SHARE,
      description = "Share beyond allowed lateness (default: ${DEFAULT-VALUE}).")
  double lateBeyondShare;

  @Option(
      names = "--duplicateShare",
      defaultValue = "" + GeneratorConfig.DEFAULT_DUPLICATE_SHARE,
      description = "Share of exact re-sends of earlier events (default: ${DEFAULT-VALUE}).")
  double duplicateShare;

  @Option(
      names = "--malformedShare",
      defaultValue = "" + GeneratorConfig.DEFAULT_MALFORMED_SHARE,
      description =
          "Share of invalid records (not JSON, missing time, wrong types, missing data) (default: ${DEFAULT-VALUE}).")
  double malformedShare;

  @Option(
      names = "--binaryShare",
      defaultValue = "" + GeneratorConfig.DEFAULT_BINARY_SHARE,
      description = "Share of events in binary content mode (default: ${DEFAULT-VALUE}).")
  double binaryShare;

  @Option(
      names = "--maxOutOfOrderness",
      defaultValue = "5s",
      converter = Durations.Converter.class,
      description = "Ordinary disorder bound (default: ${DEFAULT-VALUE}).")
  Duration maxOutOfOrderness;

  @Option(
      names = "--allowedLateness",
      defaultValue = "30s",
      converter = Durations.Converter.class,
      description =
          "Allowed lateness the late events are placed around (default: ${DEFAULT-VALUE}).")
  Duration allowedLateness;

  @Option(
      names = "--window",
      defaultValue = "10s",
      converter = Durations.Converter.class,
      description = "Window size the late events are placed around (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--eventTypes",
      split = ",",
      defaultValue = "sensor.reading",
      description =
          "CloudEvent types, comma-separated; each subject keeps one (default: ${DEFAULT-VALUE}).")
  List<String> eventTypes;

  @Option(
      names = "--idPrefix",
      defaultValue = "e-",
      description =
          "Prefix of event ids; change it to write a second run into the same topic (default: ${DEFAULT-VALUE}).")
  String idPrefix;

  @Override
  public Integer call() throws Exception {
    if (topic == null && out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --topic, --out or both");
    }
    if (scenario.equals("iot")) {
      return runIot();
    }
    if (scenario.equals("clickstream")) {
      return runClickstream();
    }
    if (scenario.equals("payments")) {
      return runPayments();
    }
    if (!scenario.equals("sensor")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--scenario must be sensor, iot, clickstream or payments, got '" + scenario + "'");
    }
    GeneratorConfig config;
    try {
      config =
          GeneratorConfig.builder()
              .seed(seed)
              .count(count)
              .keys(keys)
              .hotKeyShare(hotKeyShare)
              .startTime(startTime)
              .eventsPerSecondOfEventTime(eventTimeRate)
              .maxOutOfOrderness(maxOutOfOrderness)
              .allowedLateness(allowedLateness)
              .window(window)
              .lateWithinShare(lateShare)
              .lateBeyondShare(lateBeyondShare)
              .duplicateShare(duplicateShare)
              .malformedShare(malformedShare)
              .binaryShare(binaryShare)
              .eventTypes(eventTypes)
              .idPrefix(idPrefix)
              .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    long started = System.nanoTime();
    RecordCounts counts =
        GeneratedOutput.write(new EventGenerator(config), count, kafka, topic, out, rate, stderr);
    double seconds = (System.nanoTime() - started) / 1e9;
    stdout.printf(
        "event time %s + %.1f s (%d keys, seed %d)%n",
        config.startTime(), config.span().toMillis() / 1000.0, keys, seed);
    stdout.print(counts.toTable());
    stdout.printf(
        "%d records in %.1f s (%s records/s) to %s%n",
        counts.total(),
        seconds,
        RecordPump.humanRate(counts.total() / Math.max(seconds, 1e-9)),
        destination());
    stdout.flush();
    return 0;
  }

  private int runIot() throws Exception {
    dev.sluice.generator.IotConfig config;
    try {
      config = iot.config(seed, startTime, idPrefix);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return IotScenario.run(
        config,
        iot.truth,
        kafka,
        topic,
        out,
        rate,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  private int runClickstream() throws Exception {
    dev.sluice.generator.ClickstreamConfig config;
    // --duration is shared with iot, whose default is 2d; a shop's day is the default here.
    Duration duration =
        spec.commandLine().getParseResult().hasMatchedOption("--duration")
            ? iot.duration
            : dev.sluice.generator.ClickstreamConfig.DEFAULT_DURATION;
    try {
      config = clickstream.config(seed, startTime, duration, idPrefix);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return ClickstreamScenario.run(
        config,
        iot.truth,
        kafka,
        topic,
        out,
        rate,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  private int runPayments() throws Exception {
    dev.sluice.generator.PaymentsConfig config;
    try {
      // The sensor scenario's default prefix "e-" would do, but payment ids read better as p-.
      String prefix =
          spec.commandLine().getParseResult().hasMatchedOption("--idPrefix") ? idPrefix : "p-";
      config = payments.config(seed, startTime, iot.duration, prefix);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return PaymentsScenario.run(
        config,
        iot.truth,
        kafka,
        topic,
        out,
        rate,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  private String destination() {
    if (topic != null && out != null) {
      return "topic " + topic + " and " + out;
    }
    return topic != null ? "topic " + topic : out.toString();
  }

  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      // RFC 3339 allows any offset, not only Z.
      return OffsetDateTime.parse(value.trim()).toInstant();
    }
  }
}
