package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.EventParser;
import dev.sluice.io.RawRecord;
import dev.sluice.io.RawRecordCoder;
import dev.sluice.testing.CloudEvents;
import dev.sluice.transforms.SluiceMetrics;
import dev.sluice.transforms.WindowResult;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * windowed-aggregate driven by a TestStream: exact panes for on-time and late-but-allowed data, and
 * bad records on the dead-letter output. Subclasses choose the runner.
 */
abstract class WindowedAggregateTestStreamBase {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final IntervalWindow FIRST_WINDOW =
      new IntervalWindow(new org.joda.time.Instant(T0.toEpochMilli()), Duration.standardSeconds(10));

  @RegisterExtension final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  static WindowedAggregate transform() {
    return new WindowedAggregate(
        new EventParser("value", java.time.Duration.ofHours(1)),
        Duration.standardSeconds(10),
        null,
        Duration.standardSeconds(30),
        PipelineResources.text("windowed-aggregate/aggregate.sql"));
  }

  static TimestampedValue<RawRecord> reading(String id, String key, long secondsAfterT0, double value, long offset) {
    Instant t = T0.plusSeconds(secondsAfterT0);
    return TimestampedValue.of(
        CloudEvents.reading(id, key, t, value, offset), new org.joda.time.Instant(t.toEpochMilli()));
  }

  static org.joda.time.Instant at(long secondsAfterT0) {
    return new org.joda.time.Instant(T0.plusSeconds(secondsAfterT0).toEpochMilli());
  }

  static WindowResult result(String key, long count, double sum, double min, double max, String timing, long pane) {
    return new WindowResult(key, T0, T0.plusSeconds(10), count, sum, min, max, sum / count, timing, pane, false);
  }

  @Test
  void onTimePanesThenAccumulatingLatePaneAndDeadLetters(TestPipeline pipeline) {
    RawRecord garbage = CloudEvents.record("{not json", T0.toEpochMilli(), 99);
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            // Watermark at the window start: everything below is on time.
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0, 0),
                reading("a-2", "A", 3, 3.0, 1),
                reading("b-1", "B", 5, 10.0, 2),
                // Sources stamp unparseable records with the minimum timestamp.
                TimestampedValue.of(garbage, BoundedWindow.TIMESTAMP_MIN_VALUE))
            // Watermark passes the end of [0s,10s): its on-time panes fire.
            .advanceWatermarkTo(at(15))
            // Late for [0s,10s) but within the 30s allowed lateness: a LATE pane that accumulates.
            .addElements(reading("a-3", "A", 2, 5.0, 3))
            // Watermark to the end of time: the window expires, nothing more may fire.
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform());

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inOnTimePane(FIRST_WINDOW)
        .containsInAnyOrder(result("A", 2, 4, 1, 3, "ON_TIME", 0), result("B", 1, 10, 10, 10, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inWindow(FIRST_WINDOW)
        .containsInAnyOrder(
            result("A", 2, 4, 1, 3, "ON_TIME", 0),
            result("B", 1, 10, 10, 10, "ON_TIME", 0),
            result("A", 3, 9, 1, 5, "LATE", 1));
    PAssert.that(out.get(WindowedAggregate.DEAD_LETTERS))
        .satisfies(
            letters -> {
              DeadLetter only = letters.iterator().next();
              assertEquals(1, com.google.common.collect.Iterables.size(letters));
              assertEquals("parse", only.stage());
              assertTrue(only.error().startsWith("not JSON"), only.error());
              assertEquals(99, only.record().offset());
              assertTrue(only.toJson().contains("\"rawValue\":\"{not json\""), only.toJson());
              return null;
            });

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Map<String, Long> counters = RunSummary.counters(result);
    assertEquals(5L, counters.get(SluiceMetrics.READ), counters.toString());
    assertEquals(4L, counters.get(SluiceMetrics.VALID), counters.toString());
    assertEquals(1L, counters.get(SluiceMetrics.INVALID), counters.toString());
    assertEquals(3L, counters.get(SluiceMetrics.PANES_OUT), counters.toString());
  }
}
