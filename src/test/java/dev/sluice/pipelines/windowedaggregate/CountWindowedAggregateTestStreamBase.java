package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.T0;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.at;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.CountWindow;
import dev.sluice.transforms.CountWindows;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * windowed-aggregate with --countWindow driven by a TestStream: the gate's 10 s windows and 30 s
 * lateness settle event time (an event at second s is numbered once the watermark passes its window
 * end + 40 s). Every test checks both identities: valid = duplicates + aggregated + late at the
 * gate, and count_events_in (= aggregated) = windowed + skipped + incomplete + late + pending, with
 * nothing pending at the end of the input. Subclasses choose the runner.
 */
abstract class CountWindowedAggregateTestStreamBase {

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  static CountWindowedAggregate transform(
      TestPipeline pipeline, long length, long slide, boolean captureLate) {
    EventWindows windows =
        new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30));
    return new CountWindowedAggregate(
        new EventParser(java.time.Duration.ofHours(1)),
        new ReadingExtractor("value"),
        new AdmitEvents.Settings(windows, true, captureLate, 4, AdmitEvents.CLOCK_KEEP_ALIVE),
        new CountWindows.Settings(length, slide, 3_600_000),
        RunnerTraits.of(pipeline.getOptions()));
  }

  /** A window of key at positions first..last, at seconds firstSecond..lastSecond. */
  static CountWindow window(
      String key,
      long i,
      long first,
      long last,
      long firstSecond,
      long lastSecond,
      double sum,
      double min,
      double max) {
    long n = last - first + 1;
    return new CountWindow(
        key,
        i,
        first,
        last,
        T0.plusSeconds(firstSecond),
        T0.plusSeconds(lastSecond),
        n,
        sum,
        min,
        max,
        sum / n);
  }

  static Map<String, Long> assertAccounting(
      Map<String, Long> c, long read, long invalid, long duplicates, long gateLate) {
    String all = c.toString();
    assertEquals(read, c.get(SluiceMetrics.READ), all);
    assertEquals(invalid, c.get(SluiceMetrics.INVALID), all);
    assertEquals(duplicates, c.getOrDefault(SluiceMetrics.DUPLICATES, 0L), all);
    assertEquals(gateLate, c.getOrDefault(SluiceMetrics.LATE, 0L), all);
    long aggregated = read - invalid - duplicates - gateLate;
    assertEquals(aggregated, c.getOrDefault(SluiceMetrics.AGGREGATED, 0L), all);
    assertEquals(aggregated, c.getOrDefault(SluiceMetrics.COUNT_IN, 0L), all);
    assertEquals(0L, c.getOrDefault(SluiceMetrics.COUNT_PENDING, 0L), "pending at end: " + all);
    assertEquals(
        aggregated,
        c.getOrDefault(SluiceMetrics.COUNT_WINDOWED, 0L)
            + c.getOrDefault(SluiceMetrics.COUNT_SKIPPED, 0L)
            + c.getOrDefault(SluiceMetrics.COUNT_INCOMPLETE, 0L)
            + c.getOrDefault(SluiceMetrics.COUNT_LATE, 0L),
        all);
    assertTrue(WindowedAggregatePipeline.SPEC.accounting().balanced(summary(c)), all);
    return c;
  }

  static RunSummary summary(Map<String, Long> c) {
    return new RunSummary(
        "windowed-aggregate",
        "test",
        org.apache.beam.sdk.PipelineResult.State.DONE,
        java.time.Duration.ZERO,
        c);
  }

  Map<String, Long> run(TestPipeline pipeline) {
    org.apache.beam.sdk.PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }

  /**
   * The docs' worked example (L = 3, D = 2, 7 events) plus a key whose second window never fills.
   */
  @Test
  void overlappingWindowsPerKeyInEventTimeOrderAndAnIncompleteOneIsCounted(TestPipeline pipeline) {
    RawRecord garbage = CloudEvents.record("{not json", T0.toEpochMilli(), 99);
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            // A's events out of order: positions go by event time, not arrival.
            .addElements(
                reading("a-3", "A", 3, 3.0),
                reading("a-1", "A", 1, 1.0),
                reading("b-1", "B", 2, 10.0),
                reading("a-2", "A", 2, 2.0),
                TimestampedValue.of(garbage, BoundedWindow.TIMESTAMP_MIN_VALUE))
            .advanceWatermarkTo(at(5))
            .addElements(
                reading("a-5", "A", 5, 5.0),
                reading("a-4", "A", 4, 4.0),
                reading("b-2", "B", 4, 20.0),
                reading("b-3", "B", 6, 30.0))
            .advanceWatermarkTo(at(8))
            .addElements(
                reading("a-6", "A", 6, 6.0),
                reading("a-7", "A", 7, 7.0),
                reading("b-4", "B", 8, 40.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, 3, 2, true));

    PAssert.that(out.get(CountWindowedAggregate.RESULTS))
        .containsInAnyOrder(
            window("A", 0, 1, 3, 1, 3, 6, 1, 3),
            window("A", 1, 3, 5, 3, 5, 12, 3, 5),
            window("A", 2, 5, 7, 5, 7, 18, 5, 7),
            window("B", 0, 1, 3, 2, 6, 60, 10, 30));
    PAssert.that(out.get(CountWindowedAggregate.LATE)).empty();
    PAssert.that(out.get(CountWindowedAggregate.DEAD_LETTERS))
        .satisfies(
            d -> {
              assertEquals(1, count(d));
              return null;
            });

    Map<String, Long> c = assertAccounting(run(pipeline), 12, 1, 0, 0);
    // A: all 7 in windows. B: 1..3 in W_0; position 4 waits for W_1 (3..5), never filled.
    assertEquals(10L, c.get(SluiceMetrics.COUNT_WINDOWED), c.toString());
    assertEquals(1L, c.get(SluiceMetrics.COUNT_INCOMPLETE), c.toString());
    assertEquals(4L, c.get(SluiceMetrics.COUNT_WINDOWS_OUT), c.toString());
  }

  @Test
  void windowsShorterThanTheSlideSkipTheGaps(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0),
                reading("a-2", "A", 2, 2.0),
                reading("a-3", "A", 3, 3.0),
                reading("a-4", "A", 4, 4.0),
                reading("a-5", "A", 5, 5.0),
                reading("a-6", "A", 6, 6.0),
                reading("a-7", "A", 7, 7.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, 2, 3, true));

    PAssert.that(out.get(CountWindowedAggregate.RESULTS))
        .containsInAnyOrder(
            window("A", 0, 1, 2, 1, 2, 3, 1, 2), window("A", 1, 4, 5, 4, 5, 9, 4, 5));

    Map<String, Long> c = assertAccounting(run(pipeline), 7, 0, 0, 0);
    assertEquals(4L, c.get(SluiceMetrics.COUNT_WINDOWED), c.toString());
    assertEquals(2L, c.get(SluiceMetrics.COUNT_SKIPPED), c.toString()); // positions 3 and 6
    assertEquals(1L, c.get(SluiceMetrics.COUNT_INCOMPLETE), c.toString()); // 7, W_2 = 7..8
  }

  /** The gate still diverts an event whose time window expired, before it can take a position. */
  @Test
  void anEventPastTheGatesHorizonIsLateAtTheGate(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 12, 2.0))
            // [0s,10s) expired at 39.999 s.
            .advanceWatermarkTo(at(45))
            .addElements(reading("a-0", "A", 0, 9.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, 2, 2, true));

    PAssert.that(out.get(CountWindowedAggregate.RESULTS))
        .containsInAnyOrder(window("A", 0, 1, 2, 1, 12, 3, 1, 2));
    PAssert.that(out.get(CountWindowedAggregate.LATE))
        .satisfies(
            late -> {
              LateEvent only = late.iterator().next();
              assertEquals("a-0", only.event().id());
              assertEquals("", only.reason());
              return null;
            });

    assertAccounting(run(pipeline), 3, 0, 0, 1);
  }

  /**
   * Without the gate's late capture, an event can reach the machine after later events of its key
   * were numbered: it is late there, with a reason, and counted.
   */
  @Test
  void anEventBehindANumberedPositionIsLateAtTheMachine(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0),
                reading("a-3", "A", 3, 3.0),
                reading("a-5", "A", 5, 5.0))
            // Past 50 s, second 5 has settled: positions 1..3 are numbered, W_0 (1..2) emitted.
            // Flink moves a watermark past a stateful step's fired timers only with the next
            // bundle, and two such steps come first (repeats, positions): key Z's events carry it.
            .advanceWatermarkTo(at(55))
            .addElements(reading("z-1", "Z", 55, 100.0))
            .advanceWatermarkTo(at(56))
            .addElements(reading("z-2", "Z", 56, 200.0))
            .advanceWatermarkTo(at(57))
            .addElements(reading("z-3", "Z", 57, 300.0))
            .advanceWatermarkTo(at(58))
            .addElements(reading("a-2", "A", 2, 2.0))
            .advanceWatermarkTo(at(60))
            .addElements(reading("a-6", "A", 70, 6.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, 2, 2, false));

    PAssert.that(out.get(CountWindowedAggregate.RESULTS))
        .containsInAnyOrder(
            window("A", 0, 1, 2, 1, 3, 4, 1, 3),
            window("A", 1, 3, 4, 5, 70, 11, 5, 6),
            window("Z", 0, 1, 2, 55, 56, 300, 100, 200));
    PAssert.that(out.get(CountWindowedAggregate.LATE))
        .satisfies(
            late -> {
              List<LateEvent> all = new ArrayList<>();
              late.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              assertEquals("a-2", all.get(0).event().id());
              assertTrue(
                  all.get(0).reason().contains("already numbered position 3"), all.get(0).reason());
              return null;
            });

    Map<String, Long> c = assertAccounting(run(pipeline), 8, 0, 0, 0);
    assertEquals(1L, c.get(SluiceMetrics.COUNT_LATE), c.toString());
    assertEquals(1L, c.get(SluiceMetrics.COUNT_INCOMPLETE), c.toString()); // z-3
  }

  private static long count(Iterable<?> items) {
    long n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
