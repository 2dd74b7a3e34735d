package dev.sluice.pipelines.iottelemetry;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * iot-telemetry: device and site statistics in Beam SQL, and anomaly alerts per device and metric
 * from a learned model and robust rules (seed 6.1, 8.3).
 */
public final class IotTelemetryPipeline {

  public static final String NAME = "iot-telemetry";

  /** The stats windows: the 1-minute tumbling windows of device-stats.sql. */
  static final Duration STATS_WINDOW = Duration.standardMinutes(1);

  /** Options of iot-telemetry; durations take 500ms, 10s, 2m, 1h or ISO-8601. */
  public interface Options extends SluiceOptions, LateDataOptions {
    @Description("Topic of the statistics: device (1-min) and site (5-min sliding) windows, JSON.")
    @Validation.Required
    String getStatsTopic();

    void setStatsTopic(String value);

    @Description("Topic of the alerts: one JSON per anomaly episode, keyed by device.")
    @Validation.Required
    String getAlertsTopic();

    void setAlertsTopic(String value);

    @Description(
        "Topic of every reading's score (for plots and choosing a threshold); empty: none.")
    @Default.String("")
    String getScoresTopic();

    void setScoresTopic(String value);

    @Description("Metrics of data to model, comma-separated; empty for every numeric field.")
    List<String> getMetrics();

    void setMetrics(List<String> value);

    @Description("How long after a stats window's end late readings still update it.")
    @Default.String("30s")
    String getAllowedLateness();

    void setAllowedLateness(String value);

    @Description("Drop repeats of (source, id) within a window's horizon.")
    @Default.Boolean(true)
    boolean getDeduplicate();

    void setDeduplicate(boolean value);

    @Description("Normalised score in (0, 1] at which a reading is anomalous, for every device.")
    @Default.Double(0.5)
    double getThreshold();

    void setThreshold(double value);

    @Description("An anomaly episode ends after this long (event time) without anomalous readings.")
    @Default.String("30m")
    String getCooldown();

    void setCooldown(String value);

    @Description("A device's metric that sends nothing this long (event time) raises 'silent'.")
    @Default.String("15m")
    String getSilenceTimeout();

    void setSilenceTimeout(String value);

    @Description(
        "A series silent this long (event time) is forgotten: its model and state cleared.")
    @Default.String("24h")
    String getForgetAfter();

    void setForgetAfter(String value);

    @Description(
        "Fewest repeats of one value that make a sensor 'stuck' (more if it repeats often).")
    @Default.Integer(10)
    int getStuckReadings();

    void setStuckReadings(int value);

    @Description("Readings a series needs before it is scored.")
    @Default.Integer(30)
    int getWarmupReadings();

    void setWarmupReadings(int value);

    @Description(
        "The learned model per device and metric: 'statistics' (a forecast and noise scale learned"
            + " online; the default, measured better on the iot fleet) or 'rcf' (adds a Random Cut"
            + " Forest: its grade counts where the reading also deviates from the forecast).")
    @Default.String("statistics")
    String getModel();

    void setModel(String value);

    @Description("Random Cut Forest: trees, sample size per tree, shingle (readings per point).")
    @Default.String("30,256,8")
    String getForest();

    void setForest(String value);

    @Description("Forests kept live per worker besides their copy in state.")
    @Default.Integer(1000)
    int getModelCacheSize();

    void setModelCacheSize(int value);

    @Description("Keyed shards of the gate that drops repeats and diverts late readings.")
    @Default.Integer(32)
    int getAdmissionShards();

    void setAdmissionShards(int value);
  }

  public static final PipelineSpec<Options> SPEC =
      PipelineSpec.of(
              NAME,
              "device/site statistics in Beam SQL and anomaly alerts per device and metric",
              Options.class,
              IotTelemetryPipeline::build)
          .withOutputTopics(IotTelemetryPipeline::outputTopics)
          .withExampleArgs(
              "--inputTopic=readings",
              "--statsTopic=stats",
              "--alertsTopic=alerts",
              "--scoresTopic=scores",
              "--deadLetterTopic=dead-letters",
              "--lateTopic=late")
          .withScenario(
              (prefix, dir) ->
                  List.of(
                      "--inputTopic=" + prefix + "-readings",
                      "--statsTopic=" + prefix + "-stats",
                      "--alertsTopic=" + prefix + "-alerts",
                      "--scoresTopic=" + prefix + "-scores",
                      "--deadLetterTopic=" + prefix + "-dead-letters",
                      "--lateTopic=" + prefix + "-late"))
          .withAudit(IotTelemetryPipeline::audit)
          .withView(IotTelemetryView::show)
          .withCharts(IotTelemetryCharts::of)
          .withWorkload(
              PipelineSpec.Workload.IOT,
              Options::getAlertsTopic,
              "--metrics=temperature,humidity,battery")
          .withAccounting(
              Accounting.ofAdmission()
                  .identity(IotMetrics.METRIC_READINGS, DetectAnomaliesFn.SCORED));

  private IotTelemetryPipeline() {}

  static List<String> outputTopics(Options o) {
    List<String> topics = new ArrayList<>(List.of(o.getStatsTopic(), o.getAlertsTopic()));
    if (!o.getScoresTopic().isBlank()) {
      topics.add(o.getScoresTopic());
    }
    return topics;
  }

  /** What the options ask the pipeline to compute (also what a plain-Java replay needs). */
  public static IotTelemetry.Settings settings(Options o) {
    EventWindows windows =
        new EventWindows(
            STATS_WINDOW, Durations.parseJoda("--allowedLateness", o.getAllowedLateness()));
    List<String> metrics = o.getMetrics() == null ? List.of() : o.getMetrics();
    return new IotTelemetry.Settings(
        new SensorMetrics(metrics),
        new AdmitEvents.Settings(
            windows,
            o.getDeduplicate(),
            o.getCaptureLate(),
            o.getAdmissionShards(),
            AdmitEvents.CLOCK_KEEP_ALIVE),
        new IotTelemetry.Queries(
            PipelineResources.text(NAME + "/device-stats.sql"),
            PipelineResources.text(NAME + "/site-stats.sql")),
        detector(o),
        o.getModelCacheSize(),
        o.getBounded());
  }

  static DetectorSettings detector(Options o) {
    DetectorSettings.ForestSettings forest;
    switch (o.getModel()) {
      case "rcf" -> forest = forest(o.getForest());
      case "statistics" -> forest = null;
      default ->
          throw new IllegalArgumentException(
              "--model must be 'rcf' or 'statistics', not '" + o.getModel() + "'");
    }
    return new DetectorSettings(
        o.getThreshold(),
        Durations.parsePositive("--cooldown", o.getCooldown()).toMillis(),
        Durations.parsePositive("--silenceTimeout", o.getSilenceTimeout()).toMillis(),
        Durations.parsePositive("--forgetAfter", o.getForgetAfter()).toMillis(),
        o.getStuckReadings(),
        o.getWarmupReadings(),
        forest);
  }

  private static DetectorSettings.ForestSettings forest(String spec) {
    String[] parts = spec.split(",");
    try {
      if (parts.length != 3) {
        throw new NumberFormatException();
      }
      return new DetectorSettings.ForestSettings(
          Integer.parseInt(parts[0].trim()),
          Integer.parseInt(parts[1].trim()),
          Integer.parseInt(parts[2].trim()),
          DetectorSettings.ForestSettings.defaults().snapshotEvery());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--forest takes trees,sampleSize,shingle (e.g. 30,256,8), not '" + spec + "'");
    }
  }

  /** Maps options to transforms. */
  public static Pipeline build(Options options) {
    if (options.getCaptureLate() && options.getLateTopic().isBlank()) {
      throw new IllegalArgumentException("--lateTopic is required unless --captureLate=false");
    }
    IotTelemetry.Settings settings = settings(options);
    EventParser parser = Ingest.parser(options).requiring(settings.metrics());
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple out =
        pipeline
            .apply(
                "ReadEvents",
                Ingest.read(
                    options, parser, settings.admission().windows(), options.getCaptureLate()))
            .apply("IotTelemetry", new IotTelemetry(parser, settings, RunnerTraits.of(options)));
    List<WriteOutputs.Output<?>> outputs = new ArrayList<>();
    outputs.add(
        WriteOutputs.Output.text(
                "device-stats", IotTelemetry.DEVICE_STATS, options.getStatsTopic(), kv -> kv)
            .storedIn(ResultTable.of("iot_device_stats", "readings", "pane")));
    outputs.add(
        WriteOutputs.Output.text(
                "site-stats", IotTelemetry.SITE_STATS, options.getStatsTopic(), kv -> kv)
            .storedIn(ResultTable.of("iot_site_stats", "readings", "pane")));
    outputs.add(
        WriteOutputs.Output.text(
                "alerts",
                IotTelemetry.ALERTS,
                options.getAlertsTopic(),
                a -> KV.of(a.device(), a.toJson()))
            .storedIn(ResultTable.of("iot_alerts")));
    if (!options.getScoresTopic().isBlank()) {
      outputs.add(
          WriteOutputs.Output.text(
                  "scores", IotTelemetry.SCORES, options.getScoresTopic(), kv -> kv)
              .storedIn(ResultTable.of("iot_scores")));
    }
    outputs.add(
        WriteOutputs.Output.deadLetters(IotTelemetry.DEAD_LETTERS, options.getDeadLetterTopic()));
    outputs.add(
        WriteOutputs.Output.late(
            IotTelemetry.LATE, options.getCaptureLate() ? options.getLateTopic() : ""));
    out.apply("WriteOutputs", new WriteOutputs(Ingest.sink(options), outputs));
    Database.store(NAME, options, out, outputs);
    return pipeline;
  }

  /** Recomputes the job's alerts and scores from its input topic and compares. */
  static IotTelemetryReport audit(Options o) {
    IotTelemetry.Settings settings = settings(o);
    return new IotTelemetryAudit(
            Ingest.parser(o),
            settings.metrics(),
            settings.detector(),
            settings.admission().windows(),
            Durations.parse(o.getMaxOutOfOrderness()).toMillis())
        .run(
            new IotTelemetryAudit.Topics(
                o.getBootstrapServers(),
                o.getInputTopic(),
                o.getAlertsTopic(),
                o.getScoresTopic(),
                o.getDeadLetterTopic(),
                o.getCaptureLate() ? o.getLateTopic() : ""));
  }

  public static void main(String[] args) {
    System.exit(SPEC.main(args));
  }
}
