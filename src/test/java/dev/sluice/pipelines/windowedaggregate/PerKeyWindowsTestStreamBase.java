package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.at;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-key aggregation ({@code --aggregation=keyed}) against Beam's windowed combine, one test
 * per lateness class: both run on the same records in one pipeline, without the gate, so the
 * aggregation itself judges lateness; each must give exactly the listed panes.
 */
abstract class PerKeyWindowsTestStreamBase {

  static final EventWindows FIXED =
      new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30));
  static final EventWindows SLIDING =
      EventWindows.sliding(
          Duration.standardSeconds(10), Duration.standardSeconds(5), Duration.standardSeconds(30));

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  /** Each aggregation's panes as "key@start timing#index n= sum= min= max= last=" strings. */
  static Map<String, PCollection<String>> bothAggregations(
      TestPipeline pipeline, TestStream<RawRecord> input, EventWindows windows) {
    PCollection<RawRecord> records = pipeline.apply(input);
    Map<String, PCollection<String>> out = new LinkedHashMap<>();
    Map<String, WindowedAggregate.Aggregation> aggregations =
        Map.of(
            "Combine", WindowedAggregate.Aggregation.combine(),
            "PerKey", WindowedAggregate.Aggregation.perKey());
    aggregations.forEach(
        (name, aggregation) ->
            out.put(
                name,
                records
                    .apply(name, withoutGate(pipeline, windows, aggregation))
                    .get(WindowedAggregate.RESULTS)
                    .apply(
                        "Describe" + name,
                        MapElements.into(TypeDescriptors.strings())
                            .via(PerKeyWindowsTestStreamBase::pane))));
    return out;
  }

  /** windowed-aggregate without de-dup or late capture: the aggregation judges lateness itself. */
  static WindowedAggregate withoutGate(
      org.apache.beam.sdk.Pipeline pipeline,
      EventWindows windows,
      WindowedAggregate.Aggregation aggregation) {
    return new WindowedAggregate(
        new EventParser(java.time.Duration.ofHours(1)),
        new ReadingExtractor("value"),
        new AdmitEvents.Settings(windows, false, false, 4, AdmitEvents.CLOCK_KEEP_ALIVE),
        aggregation,
        RunnerTraits.of(pipeline.getOptions()));
  }

  static String pane(WindowResult r) {
    long start =
        (r.windowStart().toEpochMilli() - WindowedAggregateTestStreamBase.T0.toEpochMilli()) / 1000;
    return String.format(
        "%s@%ds %s#%d n=%d sum=%s min=%s max=%s last=%b",
        r.key(),
        start,
        r.timing(),
        r.paneIndex(),
        r.count(),
        r.sum(),
        r.min(),
        r.max(),
        r.isLast());
  }

  static void assertPanes(Map<String, PCollection<String>> both, String... expected) {
    both.forEach((name, panes) -> PAssert.that(panes).containsInAnyOrder(expected));
  }

  /** A counter of the per-key aggregation (Beam's own GroupByKey counts in another namespace). */
  static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(SluiceMetrics.NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  static PipelineResult run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }

  @Test
  void onTimeReadingsFireOneOnTimePanePerKeyAndWindow(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            .addElements(reading("a-2", "A", 3, -3.5))
            .addElements(reading("b-1", "B", 12, 2.0))
            // Past the end of [0s,10s): A's on-time pane fires; B's [10s,20s) stays open.
            .advanceWatermarkTo(at(15))
            // The end of input closes [10s,20s) on time, and past its expiry: its last pane.
            .advanceWatermarkToInfinity();
    assertPanes(
        bothAggregations(pipeline, input, FIXED),
        "A@0s ON_TIME#0 n=2 sum=-2.5 min=-3.5 max=1.0 last=false",
        "B@10s ON_TIME#0 n=1 sum=2.0 min=2.0 max=2.0 last=true");
    PipelineResult result = run(pipeline);
    assertEquals(4, counter(result, SluiceMetrics.PANES_OUT), "both aggregations' panes");
  }

  @Test
  void aLateReadingWithinAllowedLatenessAccumulatesIntoALatePane(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past [0s,10s)'s end: its on-time pane fires with one reading.
            .advanceWatermarkTo(at(15))
            // Late, but [0s,10s) takes readings until 40s: a LATE pane with both readings.
            .addElements(reading("a-2", "A", 2, 8.0))
            // Still within lateness: a second LATE pane, accumulating all three.
            .advanceWatermarkTo(at(39))
            .addElements(reading("a-3", "A", 9, -1.0))
            .advanceWatermarkToInfinity();
    assertPanes(
        bothAggregations(pipeline, input, FIXED),
        "A@0s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=false",
        "A@0s LATE#1 n=2 sum=9.0 min=1.0 max=8.0 last=false",
        "A@0s LATE#2 n=3 sum=8.0 min=-1.0 max=8.0 last=false");
    run(pipeline);
  }

  @Test
  void aLateReadingOfAWindowItsKeyNeverHadOpensALatePaneAtIndexZero(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 11, 1.0))
            // Past [0s,10s)'s end before B has any reading in it.
            .advanceWatermarkTo(at(15))
            // B's first reading of [0s,10s) is late: no on-time pane can exist, so LATE#0.
            .addElements(reading("b-1", "B", 4, 5.0))
            .advanceWatermarkToInfinity();
    assertPanes(
        bothAggregations(pipeline, input, FIXED),
        "A@10s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=true",
        "B@0s LATE#0 n=1 sum=5.0 min=5.0 max=5.0 last=false");
    run(pipeline);
  }

  @Test
  void aReadingPastAllowedLatenessIsDroppedCountedAndItsWindowsStateIsGone(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            .addElements(reading("a-2", "A", 12, 2.0))
            // Past 9.999s + 30s at once: [0s,10s) fires on time as its last pane and its state is
            // cleared; [10s,20s) fires on time and stays until 49.999s.
            .advanceWatermarkTo(at(45))
            // Too late for [0s,10s): dropped and counted, no pane.
            .addElements(reading("a-3", "A", 5, 7.0))
            .advanceWatermarkToInfinity();
    assertPanes(
        bothAggregations(pipeline, input, FIXED),
        "A@0s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=true",
        "A@10s ON_TIME#0 n=1 sum=2.0 min=2.0 max=2.0 last=false");
    PipelineResult result = run(pipeline);
    assertEquals(1, counter(result, "droppedDueToLateness"));
    assertEquals(2, counter(result, SummarizeWindowsPerKey.WINDOWS_OPENED));
    assertEquals(
        2, counter(result, SummarizeWindowsPerKey.WINDOWS_CLOSED), "every window's state cleared");
  }

  @Test
  void withoutAllowedLatenessTheOnTimePaneIsTheLast(TestPipeline pipeline) {
    EventWindows noLateness = new EventWindows(Duration.standardSeconds(10), Duration.ZERO);
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past [0s,10s)'s end: its on-time pane is its last, and its state goes.
            .advanceWatermarkTo(at(10))
            // Any reading of [0s,10s) now is too late.
            .addElements(reading("a-2", "A", 2, 2.0))
            .advanceWatermarkToInfinity();
    assertPanes(
        bothAggregations(pipeline, input, noLateness),
        "A@0s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=true");
    PipelineResult result = run(pipeline);
    assertEquals(1, counter(result, "droppedDueToLateness"));
  }

  @Test
  void slidingWindowsGiveAPanePerWindowOfTheReading(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            // In [0s,10s) and [5s,15s).
            .addElements(reading("a-1", "A", 7, 1.0))
            // Past 9.999s: [0s,10s) fires on time; [5s,15s) stays open.
            .advanceWatermarkTo(at(12))
            // Late for [0s,10s), on time for [5s,15s).
            .addElements(reading("a-2", "A", 8, 3.0))
            .advanceWatermarkToInfinity();
    assertPanes(
        bothAggregations(pipeline, input, SLIDING),
        "A@0s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=false",
        "A@0s LATE#1 n=2 sum=4.0 min=1.0 max=3.0 last=false",
        "A@5s ON_TIME#0 n=2 sum=4.0 min=1.0 max=3.0 last=true");
    PipelineResult result = run(pipeline);
    assertEquals(2, counter(result, SummarizeWindowsPerKey.WINDOWS_OPENED));
    assertEquals(2, counter(result, SummarizeWindowsPerKey.WINDOWS_CLOSED));
  }
}
