package dev.sluice.pipelines.iottelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * iot-telemetry fed by a TestStream: the statistics' panes per lateness class, and the detector
 * alone (silence by its timer, forgetting a series, the same alerts whatever the arrival order).
 */
abstract class IotTelemetryTestStreamBase {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  abstract PipelineOptions options();

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  static org.joda.time.Instant joda(long second) {
    return new org.joda.time.Instant(T0.plusSeconds(second).toEpochMilli());
  }

  static TimestampedValue<RawRecord> reading(String id, String device, long second, double t) {
    String json =
        "{\"specversion\":\"1.0\",\"id\":\""
            + id
            + "\",\"source\":\"/iot\",\"type\":\"sensor.reading\",\"time\":\""
            + T0.plusSeconds(second)
            + "\",\"subject\":\""
            + device
            + "\",\"site\":\"s1\",\"data\":{\"temperature\":"
            + t
            + "}}";
    return TimestampedValue.of(
        CloudEvents.record(json, T0.plusSeconds(second).toEpochMilli(), second), joda(second));
  }

  static IotTelemetry.Settings settings(DetectorSettings detector) {
    EventWindows windows =
        new EventWindows(Duration.standardMinutes(1), Duration.standardSeconds(30));
    return new IotTelemetry.Settings(
        new SensorMetrics(List.of("temperature")),
        new AdmitEvents.Settings(windows, true, true, 4, AdmitEvents.CLOCK_KEEP_ALIVE),
        new IotTelemetry.Queries(
            dev.sluice.kit.PipelineResources.text("iot-telemetry/device-stats.sql"),
            dev.sluice.kit.PipelineResources.text("iot-telemetry/site-stats.sql")),
        detector,
        10,
        false);
  }

  /** "timing#index count mean" of the device stats of the window starting at T0. */
  static PCollection<String> firstWindowPanes(PCollection<KV<String, String>> stats, String name) {
    return stats.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(
                kv -> {
                  String json = kv.getValue();
                  if (!json.contains("\"windowStart\":\"" + T0 + "\"")) {
                    return "other";
                  }
                  return field(json, "timing")
                      + "#"
                      + field(json, "pane")
                      + " "
                      + field(json, "readings")
                      + " "
                      + field(json, "mean");
                }));
  }

  static String field(String json, String name) {
    return json.replaceAll(".*\"" + name + "\":\"?([^\",}]*)\"?[,}].*", "$1");
  }

  @Test
  void statisticsFireOnTimeThenPerLateReadingAndExpiredReadingsGoToTheLateOutput(
      TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            // A repeat of a1 (same id) while its window is open is dropped.
            .addElements(
                reading("a1", "dev-a", 5, 10),
                reading("a2", "dev-a", 15, 12),
                reading("a1", "dev-a", 5, 10))
            // Watermark past the first window's end (60 s): its on-time pane, 2 readings.
            .advanceWatermarkTo(joda(65))
            // Late within the allowed lateness (end + 30 s): a late pane with all 3 readings.
            .addElements(reading("a3", "dev-a", 20, 14))
            // Watermark past 90 s: the first window has expired.
            .advanceWatermarkTo(joda(200))
            // Late beyond the allowed lateness: diverted to the late output, never counted.
            .addElements(reading("a4", "dev-a", 25, 99))
            .advanceWatermarkToInfinity();
    PCollectionTuple out =
        pipeline
            .apply(input)
            .apply(
                new IotTelemetry(
                    new EventParser(java.time.Duration.ofHours(1)),
                    settings(DetectorSettings.defaults().withForest(null)),
                    RunnerTraits.of(pipeline.getOptions())));
    PAssert.that(firstWindowPanes(out.get(IotTelemetry.DEVICE_STATS), "DevicePanes"))
        .containsInAnyOrder("ON_TIME#0 2 11.0", "LATE#1 3 12.0");
    // Five 5-minute windows slide over the first minute. Only the one ending at 60 s had fired
    // when a3 came (watermark 65 s): on time with 2, then late with 3. The four ending at 120 s
    // to 300 s were still open, so a3 is on time there.
    List<String> site = new ArrayList<>(List.of("ON_TIME#0 2 11.0", "LATE#1 3 12.0"));
    for (int i = 0; i < 4; i++) {
      site.add("ON_TIME#0 3 12.0");
    }
    PCollection<String> sitePanes =
        out.get(IotTelemetry.SITE_STATS)
            .apply(
                "SitePanes",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        kv ->
                            field(kv.getValue(), "timing")
                                + "#"
                                + field(kv.getValue(), "pane")
                                + " "
                                + field(kv.getValue(), "readings")
                                + " "
                                + field(kv.getValue(), "mean")));
    PAssert.that(sitePanes).containsInAnyOrder(site);
    PAssert.that(
            out.get(IotTelemetry.LATE)
                .apply(
                    "LateIds",
                    MapElements.into(TypeDescriptors.strings())
                        .via((LateEvent l) -> l.event().id())))
        .containsInAnyOrder("a4");

    Map<String, Long> c = run(pipeline);
    assertEquals(5L, c.get("records_read"), c.toString());
    assertEquals(1L, c.get("events_duplicate"), c.toString());
    assertEquals(1L, c.get("events_late"), c.toString());
    assertEquals(3L, c.get(IotMetrics.METRIC_READINGS), c.toString());
    assertEquals(3L, c.get(DetectAnomaliesFn.SCORED), c.toString());
  }

  static final DetectorSettings DETECTOR =
      new DetectorSettings(
          0.5,
          Duration.standardMinutes(10).getMillis(),
          Duration.standardMinutes(5).getMillis(),
          Duration.standardMinutes(20).getMillis(),
          5,
          5,
          new DetectorSettings.ForestSettings(5, 16, 2, 4));

  static MetricReading metric(String device, int minute, double value) {
    return new MetricReading(
        device,
        "s1",
        "temperature",
        T0.plusSeconds(60L * minute).toEpochMilli(),
        value,
        device + minute);
  }

  /** What the detector raises on these readings taken in event-time order, computed directly. */
  static List<String> expectedAlerts(List<MetricReading> readings) {
    MetricDetector detector = new MetricDetector(DETECTOR);
    List<String> out = new ArrayList<>();
    Map<String, List<MetricReading>> bySeries = new java.util.TreeMap<>();
    readings.forEach(r -> bySeries.computeIfAbsent(r.seriesKey(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<MetricReading>> e : bySeries.entrySet()) {
      List<MetricReading> rs = new ArrayList<>(e.getValue());
      rs.sort(MetricReading::compare);
      SeriesState s = new SeriesState();
      ForestModel forest = ForestModel.create(DETECTOR.forest(), e.getKey());
      for (MetricReading r : rs) {
        Alert silence = detector.silenceIfDue(s, r.device(), r.metric(), r.time());
        if (silence != null) {
          out.add(silence.identity());
        }
        Alert a = detector.score(s, r, forest).alert();
        if (a != null) {
          out.add(a.identity());
        }
      }
      MetricReading last = rs.get(rs.size() - 1);
      Alert trailing = detector.silenceIfDue(s, last.device(), last.metric(), Long.MAX_VALUE);
      if (trailing != null) {
        out.add(trailing.identity());
      }
    }
    return out;
  }

  @Test
  void theDetectorScoresInEventTimeOrderRaisesSilenceByItsTimerAndForgetsSilentSeries(
      TestPipeline pipeline) {
    // dev-a: twelve readings a minute apart with a spike at minute 8, then nothing; dev-b goes on
    // for an hour. They arrive newest first: the scores must not notice.
    List<MetricReading> a = new ArrayList<>();
    for (int m = 0; m <= 11; m++) {
      a.add(metric("dev-a", m, m == 8 ? 30.0 : 10 + 0.2 * Math.sin(m * 1.7)));
    }
    List<MetricReading> b = new ArrayList<>();
    for (int m = 0; m <= 60; m++) {
      b.add(metric("dev-b", m, 20 + 0.3 * Math.cos(m * 2.3)));
    }
    List<MetricReading> all = new ArrayList<>(a);
    all.addAll(b);
    List<TimestampedValue<MetricReading>> arrivals = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      MetricReading r = all.get(i);
      arrivals.add(TimestampedValue.of(r, new org.joda.time.Instant(r.time())));
    }
    TestStream<MetricReading> input =
        TestStream.create(MetricReadingCoder.of())
            .addElements(
                arrivals.get(0),
                arrivals.subList(1, arrivals.size()).toArray(new TimestampedValue[0]))
            // Watermark at 30 min: dev-a's readings are scored (its spike raises an anomaly), its
            // silence from minute 16 is due (the timer at its window's expiry fires).
            .advanceWatermarkTo(joda(30 * 60))
            // Watermark at 62 min: dev-a has been silent 20 min, so it is forgotten.
            .advanceWatermarkTo(joda(62 * 60))
            // End of stream: dev-b's last readings are scored; its own silence follows.
            .advanceWatermarkToInfinity();
    PCollectionTuple out =
        pipeline
            .apply(input)
            .apply(
                new DetectAnomalies(
                    DETECTOR,
                    new DetectAnomalies.Scoring(
                        new EventWindows(Duration.standardMinutes(1), Duration.standardSeconds(30)),
                        4,
                        false)));
    List<String> expected = expectedAlerts(all);
    // The detector's own verdict, computed directly, is what a person expects here:
    assertEquals(
        true,
        expected.contains(
            metric("dev-a", 8, 0).device()
                + "|temperature|"
                + T0.plusSeconds(8 * 60).toEpochMilli()
                + "|anomaly"),
        expected.toString());
    assertEquals(
        true,
        expected.contains(
            "dev-a|temperature|" + T0.plusSeconds(16 * 60).toEpochMilli() + "|silent"),
        expected.toString());
    PAssert.that(
            out.get(DetectAnomalies.ALERTS)
                .apply(
                    "Identities", MapElements.into(TypeDescriptors.strings()).via(Alert::identity)))
        .containsInAnyOrder(expected);

    Map<String, Long> c = run(pipeline);
    assertEquals((long) all.size(), c.get(DetectAnomaliesFn.SCORED), c.toString());
    assertEquals(2L, c.get(DetectAnomaliesFn.FORGOTTEN), "both series cleared: " + c);
  }

  @Test
  void twoReadingsOfOneInstantEachHaveAScoreNamedByTheirEvent(TestPipeline pipeline) {
    // A sensor that sends minute 3 twice, under two event ids and with two values: both are
    // scored, and a table keyed by the reading's time alone would keep one of them at random.
    List<MetricReading> readings = new ArrayList<>();
    for (int m = 0; m <= 5; m++) {
      readings.add(metric("dev-c", m, 10 + 0.1 * m));
    }
    MetricReading first = readings.get(3);
    readings.add(
        new MetricReading(
            "dev-c", "s1", "temperature", first.time(), 10.7, first.eventId() + "-again"));
    TestStream.Builder<MetricReading> input = TestStream.create(MetricReadingCoder.of());
    for (MetricReading r : readings) {
      input = input.addElements(TimestampedValue.of(r, new org.joda.time.Instant(r.time())));
    }
    PCollectionTuple out =
        pipeline
            // End of stream: every reading settles and is scored.
            .apply(input.advanceWatermarkToInfinity())
            .apply(
                new DetectAnomalies(
                    DETECTOR,
                    new DetectAnomalies.Scoring(
                        new EventWindows(Duration.standardMinutes(1), Duration.standardSeconds(30)),
                        4,
                        true)));
    String minute3 = T0.plusSeconds(180).toString();
    PAssert.that(
            out.get(DetectAnomalies.SCORES)
                .apply(
                    "Minute 3",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            kv ->
                                field(kv.getValue(), "time").equals(minute3)
                                    ? field(kv.getValue(), "eventId")
                                        + " "
                                        + field(kv.getValue(), "value")
                                    : "other")))
        .containsInAnyOrder(
            "other", "other", "other", "other", "other", "dev-c3 10.3", "dev-c3-again 10.7");
    assertEquals(7L, run(pipeline).get(DetectAnomaliesFn.SCORED));
  }

  static Map<String, Long> run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }

  static String bytes(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
