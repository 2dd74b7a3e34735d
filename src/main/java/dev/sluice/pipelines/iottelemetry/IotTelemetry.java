package dev.sluice.pipelines.iottelemetry;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.ParseEvents;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The business logic of iot-telemetry without any I/O: raw records in; statistics, scores, alerts,
 * dead letters and late readings out. Tests feed it a TestStream; the pipeline feeds it Kafka.
 *
 * <p>Steps: parse and validate (every chosen metric a number), drop repeats, divert readings whose
 * stats window has expired, split each reading into its metrics, then both the SQL statistics and
 * the anomaly detection per device and metric.
 */
public final class IotTelemetry extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<KV<String, String>> DEVICE_STATS = TelemetryStats.DEVICES;
  public static final TupleTag<KV<String, String>> SITE_STATS = TelemetryStats.SITES;
  public static final TupleTag<KV<String, String>> SCORES = DetectAnomalies.SCORES;
  public static final TupleTag<Alert> ALERTS = DetectAnomalies.ALERTS;
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /** The queries of the statistics, from {@code pipelines/iot-telemetry}. */
  public record Queries(String deviceStats, String siteStats) implements java.io.Serializable {}

  /**
   * What the pipeline computes.
   *
   * @param metrics the metrics read from each reading's data
   * @param admission the gate: de-duplication and late capture by the 1-minute stats windows
   * @param modelCacheSize forests kept live per worker instance besides their copy in state
   * @param inputEnds the job reads a fixed input to its end (see {@link DetectAnomalies.Scoring})
   */
  public record Settings(
      SensorMetrics metrics,
      AdmitEvents.Settings admission,
      Queries queries,
      DetectorSettings detector,
      int modelCacheSize,
      boolean inputEnds)
      implements java.io.Serializable {}

  private final EventParser parser;
  private final Settings settings;
  private final RunnerTraits runner;

  /**
   * @param parser the envelope parser (the Kafka source should get {@code
   *     parser.requiring(settings.metrics())}, so it reuses the parse)
   */
  public IotTelemetry(EventParser parser, Settings settings, RunnerTraits runner) {
    this.parser = parser;
    this.settings = settings;
    this.runner = runner;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed =
        records.apply("ParseEvents", new ParseEvents(parser, settings.metrics()));
    PCollectionTuple admitted =
        parsed
            .get(ParseEvents.VALID)
            .apply("AdmitEvents", new AdmitEvents(settings.admission(), runner));
    PCollection<MetricReading> readings =
        admitted
            .get(AdmitEvents.ADMITTED)
            .apply("ToMetricReadings", ParDo.of(new ToMetricReadingsFn(settings.metrics())))
            .setCoder(MetricReadingCoder.of());
    // The gate is exact while its clock runs; the extra window covers a restarted clock, as in
    // windowed-aggregate, so the SQL's grouping never drops what the gate let through.
    AdmitEvents.Settings admission = settings.admission();
    PCollectionTuple stats =
        readings.apply(
            "TelemetryStats",
            new TelemetryStats(
                settings.queries().deviceStats(),
                settings.queries().siteStats(),
                admission.windows().allowedLateness().plus(admission.windows().size())));
    PCollectionTuple detected =
        readings.apply(
            "DetectAnomalies",
            new DetectAnomalies(
                settings.detector(),
                new DetectAnomalies.Scoring(
                    admission.windows(), settings.modelCacheSize(), settings.inputEnds())));
    return PCollectionTuple.of(DEVICE_STATS, stats.get(DEVICE_STATS))
        .and(SITE_STATS, stats.get(SITE_STATS))
        .and(SCORES, detected.get(SCORES))
        .and(ALERTS, detected.get(ALERTS))
        .and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID))
        .and(LATE, admitted.get(AdmitEvents.LATE));
  }

  static final class ToMetricReadingsFn extends DoFn<Event, MetricReading> {
    private final SensorMetrics metrics;
    private final Counter count = Metrics.counter(IotMetrics.NAMESPACE, IotMetrics.METRIC_READINGS);

    ToMetricReadingsFn(SensorMetrics metrics) {
      this.metrics = metrics;
    }

    @ProcessElement
    public void process(@Element Event event, OutputReceiver<MetricReading> out) {
      for (MetricReading r : metrics.readings(event)) {
        count.inc();
        out.output(r);
      }
    }
  }
}
