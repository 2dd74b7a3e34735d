package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.T0;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.assertAccounting;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * windowed-aggregate running the two example queries of {@code --sql} (10 s windows, 30 s allowed
 * lateness) on one input: two keys on time, then a late reading that updates key A's window. The
 * result JSON is compared whole, so every field name, value and type counts. Subclasses choose the
 * runner.
 */
abstract class UserSqlTestStreamBase {

  static final String EXAMPLES = "pipelines/windowed-aggregate/examples/";

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  static TimestampedValue<RawRecord> reading(
      String id, String key, String source, long secondsAfterT0, double value) {
    Instant t = T0.plusSeconds(secondsAfterT0);
    String json = CloudEvents.json(source, id, key, t, value);
    return TimestampedValue.of(
        CloudEvents.record(json, t.toEpochMilli(), secondsAfterT0),
        new org.joda.time.Instant(t.toEpochMilli()));
  }

  /** Runs the query in {@code file}: exactly these result JSONs, the accounting, one pane each. */
  void run(TestPipeline pipeline, String file, String... expectedJson) {
    EventWindows windows =
        new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30));
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", "/sensors/gw-1", 1, 1.0),
                reading("a-2", "A", "/sensors/gw-1", 3, 3.0),
                reading("b-1", "B", "/sensors/gw-2", 5, 12.0))
            // Past the end of [0s,10s) (on-time panes fire), well before its expiry at 39.999 s.
            .advanceWatermarkTo(at(25))
            // Late, within allowed lateness: a LATE pane of A carrying all three of its readings.
            .addElements(reading("a-3", "A", "/sensors/gw-0", 2, 14.0))
            .advanceWatermarkToInfinity();
    PCollectionTuple out =
        pipeline
            .apply(input)
            .apply(
                new WindowedAggregate(
                    new EventParser(java.time.Duration.ofHours(1)),
                    new ReadingExtractor("value"),
                    new AdmitEvents.Settings(windows, true, true, 4, AdmitEvents.CLOCK_KEEP_ALIVE),
                    WindowedAggregate.Aggregation.combine()
                        .withQuery(UserQuery.load(EXAMPLES + file)),
                    RunnerTraits.of(pipeline.getOptions())));
    PCollection<String> json =
        out.get(WindowedAggregate.QUERY_RESULTS)
            .apply(MapElements.into(TypeDescriptors.strings()).via(QueryResult::toJson));
    PAssert.that(json).containsInAnyOrder(expectedJson);
    PAssert.that(out.get(WindowedAggregate.LATE)).empty();

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Map<String, Long> counters = RunSummary.counters(result);
    assertAccounting(counters, 4, 0, 0, 0);
    assertEquals(
        expectedJson.length, counters.getOrDefault(SluiceMetrics.PANES_OUT, 0L), "" + counters);
  }

  static String pane(String key, String fields, String timing, int index) {
    return "{\"key\":\""
        + key
        + "\",\"windowStart\":\"2026-11-26T10:00:00Z\",\"windowEnd\":\"2026-11-26T10:00:10Z\","
        + fields
        + ",\"timing\":\""
        + timing
        + "\",\"paneIndex\":"
        + index
        + ",\"isLast\":false}";
  }

  @Test
  void countAverageAndPeakPerKeyWithALateUpdate(TestPipeline pipeline) {
    run(
        pipeline,
        "reading-stats.sql",
        pane("A", "\"readings\":2,\"mean\":2.0,\"peak\":3.0", "ON_TIME", 0),
        pane("B", "\"readings\":1,\"mean\":12.0,\"peak\":12.0", "ON_TIME", 0),
        pane("A", "\"readings\":3,\"mean\":6.0,\"peak\":14.0", "LATE", 1));
  }

  @Test
  void conditionalSumBooleanTimestampAndTextPerKeyWithALateUpdate(TestPipeline pipeline) {
    run(
        pipeline,
        "over-limit.sql",
        pane(
            "A",
            "\"readings_over_10\":0,\"over_limit\":false,"
                + "\"last_seen\":\"2026-11-26T10:00:03Z\",\"source\":\"/sensors/gw-1\"",
            "ON_TIME",
            0),
        pane(
            "B",
            "\"readings_over_10\":1,\"over_limit\":true,"
                + "\"last_seen\":\"2026-11-26T10:00:05Z\",\"source\":\"/sensors/gw-2\"",
            "ON_TIME",
            0),
        pane(
            "A",
            "\"readings_over_10\":1,\"over_limit\":true,"
                + "\"last_seen\":\"2026-11-26T10:00:03Z\",\"source\":\"/sensors/gw-0\"",
            "LATE",
            1));
  }
}
