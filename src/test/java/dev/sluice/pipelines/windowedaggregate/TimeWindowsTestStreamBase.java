package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.T0;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.assertAccounting;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.at;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sliding windows (10 s every 5 s) and sessions (gap 10 s), both with 30 s allowed lateness, driven
 * by a TestStream: one test per lateness class and windowing, each also run with Beam SQL, which
 * must give the same panes. Every test checks the accounting, including window memberships =
 * windows per event x admitted events. Subclasses choose the runner.
 */
abstract class TimeWindowsTestStreamBase {

  static final EventWindows SLIDING =
      EventWindows.sliding(
          Duration.standardSeconds(10), Duration.standardSeconds(5), Duration.standardSeconds(30));
  static final EventWindows SESSIONS =
      EventWindows.sessions(Duration.standardSeconds(10), Duration.standardSeconds(30));

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  static WindowedAggregate transform(Pipeline pipeline, EventWindows windows, String sql) {
    return transform(pipeline, windows, sql, true);
  }

  static WindowedAggregate transform(
      Pipeline pipeline, EventWindows windows, String sql, boolean captureLate) {
    return new WindowedAggregate(
        new EventParser(java.time.Duration.ofHours(1)),
        new ReadingExtractor("value"),
        new AdmitEvents.Settings(windows, true, captureLate, 4, AdmitEvents.CLOCK_KEEP_ALIVE),
        new WindowedAggregate.Aggregation(null, sql),
        RunnerTraits.of(pipeline.getOptions()));
  }

  /** "key [start,end) n=.. sum=.. min=.. max=.. TIMING#pane", seconds after T0; not isLast. */
  static String pane(WindowResult r) {
    return String.format(
        "%s [%d,%d) n=%d sum=%s min=%s max=%s avg=%.6f %s#%d",
        r.key(),
        r.windowStart().getEpochSecond() - T0.getEpochSecond(),
        r.windowEnd().getEpochSecond() - T0.getEpochSecond(),
        r.count(),
        r.sum(),
        r.min(),
        r.max(),
        r.avg(),
        r.timing(),
        r.paneIndex());
  }

  static String pane(String key, long start, long end, double... values) {
    return pane(key, start, end, "ON_TIME", 0, values);
  }

  static String pane(String key, long start, long end, String timing, long index, double... v) {
    double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return pane(
        new WindowResult(
            key,
            T0.plusSeconds(start),
            T0.plusSeconds(end),
            v.length,
            sum,
            min,
            max,
            sum / v.length,
            timing,
            index,
            false));
  }

  /** Runs the combine and the SQL aggregation over the same input; both must give {@code panes}. */
  static PCollectionTuple bothAggregations(
      TestPipeline pipeline, TestStream<RawRecord> input, EventWindows windows, String... panes) {
    PCollection<RawRecord> records = pipeline.apply(input);
    PCollectionTuple combine = records.apply("Combine", transform(pipeline, windows, null));
    PCollectionTuple sql =
        records.apply(
            "Sql",
            transform(
                pipeline, windows, PipelineResources.text("windowed-aggregate/aggregate.sql")));
    for (Map.Entry<String, PCollectionTuple> out :
        Map.of("Combine", combine, "Sql", sql).entrySet()) {
      PAssert.that(
              out.getValue()
                  .get(WindowedAggregate.RESULTS)
                  .apply(
                      "Describe" + out.getKey(),
                      MapElements.into(TypeDescriptor.of(String.class))
                          .via(TimeWindowsTestStreamBase::pane)))
          .containsInAnyOrder(panes);
    }
    return combine;
  }

  /** Both aggregations count: the gate and memberships counters are doubled. */
  static void assertAccounting2(Map<String, Long> c, long read, long late, long windowsPerEvent) {
    // Each counter sums both aggregations' gates, which saw the same input.
    assertAccounting(c, 2 * read, 0, 0, 2 * late);
    assertEquals(
        windowsPerEvent * c.get(SluiceMetrics.AGGREGATED),
        c.getOrDefault(SluiceMetrics.WINDOW_MEMBERSHIPS, 0L),
        c.toString());
  }

  static Map<String, Long> run(TestPipeline pipeline) {
    var result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }

  static List<String> describe(Iterable<LateEvent> late) {
    List<String> out = new ArrayList<>();
    late.forEach(
        l ->
            out.add(
                l.event().id()
                    + " missed ["
                    + (l.windowStart().getEpochSecond() - T0.getEpochSecond())
                    + ","
                    + (l.windowEnd().getEpochSecond() - T0.getEpochSecond())
                    + ") expired at "
                    + (l.expiredAt().toEpochMilli() - T0.toEpochMilli())
                    + "ms"));
    return out;
  }

  @Test
  void slidingOnTimeEventsCountInTwoWindowsEach(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            // Watermark at T0: everything below is on time.
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0),
                reading("a-2", "A", 7, 3.0),
                reading("b-1", "B", 12, 10))
            // Past the end of every window these events are in (the last ends at 20 s).
            .advanceWatermarkTo(at(25))
            .advanceWatermarkToInfinity();

    PCollectionTuple out =
        bothAggregations(
            pipeline,
            input,
            SLIDING,
            pane("A", -5, 5, 1.0),
            pane("A", 0, 10, 1.0, 3.0),
            pane("A", 5, 15, 3.0),
            pane("B", 5, 15, 10),
            pane("B", 10, 20, 10));
    PAssert.that(out.get(WindowedAggregate.LATE)).empty();

    assertAccounting2(run(pipeline), 3, 0, 2);
  }

  @Test
  void slidingLateEventWithinAllowedLatenessUpdatesBothItsWindowsInLatePanes(
      TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 7, 3.0))
            // Past the ends of [-5,5), [0,10), [5,15): their on-time panes fire. The earliest
            // window of an event at 6 s, [0,10), expires only at 39.999 s.
            .advanceWatermarkTo(at(25))
            // Late, within allowed lateness: a LATE pane in each of its two windows.
            .addElements(reading("a-3", "A", 6, 5.0))
            .advanceWatermarkToInfinity();

    bothAggregations(
        pipeline,
        input,
        SLIDING,
        pane("A", -5, 5, 1.0),
        pane("A", 0, 10, 1.0, 3.0),
        pane("A", 5, 15, 3.0),
        pane("A", 0, 10, "LATE", 1, 1.0, 3.0, 5.0),
        pane("A", 5, 15, "LATE", 1, 3.0, 5.0));

    assertAccounting2(run(pipeline), 3, 0, 2);
  }

  /**
   * All or nothing: once an event's earliest window expired it is late, even though its later
   * window [5,15) would still take it (until 44.999 s); so no window ever counts half an event.
   */
  @Test
  void slidingEventWhoseEarliestWindowExpiredGoesWhollyToTheLateOutput(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past the end of [0,10): on-time panes of [-5,5) and [0,10) fire.
            .advanceWatermarkTo(at(12))
            // Past the expiry of [0,10) (39.999 s), before that of [5,15) (44.999 s).
            .advanceWatermarkTo(at(41))
            .addElements(reading("a-2", "A", 7, 3.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out =
        bothAggregations(pipeline, input, SLIDING, pane("A", -5, 5, 1.0), pane("A", 0, 10, 1.0));
    PAssert.that(out.get(WindowedAggregate.LATE))
        .satisfies(
            late -> {
              assertEquals(List.of("a-2 missed [0,10) expired at 39999ms"), describe(late));
              return null;
            });

    assertAccounting2(run(pipeline), 2, 1, 2);
  }

  /**
   * De-duplication remembers an event until its LAST window expires: without late capture, a repeat
   * after the earliest window expired would otherwise reach the later window, which still takes it.
   */
  @Test
  void slidingRepeatIsRememberedUntilItsLastWindowExpires(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 7, 3.0))
            // Past the ends of [0,10) and [5,15): their on-time panes fire.
            .advanceWatermarkTo(at(16))
            // Past the expiry of [0,10) (39.999 s), before that of [5,15) (44.999 s).
            .advanceWatermarkTo(at(41))
            // The same CloudEvent again: a repeat, not a second reading for [5,15).
            .addElements(reading("a-1", "A", 7, 3.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, SLIDING, null, false));
    PAssert.that(
            out.get(WindowedAggregate.RESULTS)
                .apply(
                    MapElements.into(TypeDescriptor.of(String.class))
                        .via(TimeWindowsTestStreamBase::pane)))
        .containsInAnyOrder(pane("A", 0, 10, 3.0), pane("A", 5, 15, 3.0));

    Map<String, Long> c = run(pipeline);
    assertAccounting(c, 2, 0, 1, 0);
    assertEquals(2L, c.get(SluiceMetrics.WINDOW_MEMBERSHIPS), c.toString());
  }

  @Test
  void sessionsMergeOnTimeEventsCloserThanTheGap(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0),
                reading("a-2", "A", 5, 3.0),
                reading("a-3", "A", 30, 4.0),
                reading("b-1", "B", 2, 10))
            // Past the end of every session (the last, A's [30,40), ends at 40 s).
            .advanceWatermarkTo(at(45))
            .advanceWatermarkToInfinity();

    PCollectionTuple out =
        bothAggregations(
            pipeline,
            input,
            SESSIONS,
            pane("A", 1, 15, 1.0, 3.0),
            pane("A", 30, 40, 4.0),
            pane("B", 2, 12, 10));
    PAssert.that(out.get(WindowedAggregate.LATE)).empty();

    assertAccounting2(run(pipeline), 4, 0, 1);
  }

  @Test
  void sessionLateEventWithinAllowedLatenessUpdatesTheSessionInALatePane(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 5, 3.0))
            // Past the end of session [1,15): its on-time pane fires.
            .advanceWatermarkTo(at(20))
            // Late (its window [3,13) ended), within lateness (it expires at 42.999 s); it falls
            // inside the session, which a LATE pane updates.
            .addElements(reading("a-3", "A", 3, 5.0))
            .advanceWatermarkToInfinity();

    bothAggregations(
        pipeline,
        input,
        SESSIONS,
        pane("A", 1, 15, 1.0, 3.0),
        pane("A", 1, 15, "LATE", 1, 1.0, 3.0, 5.0));

    assertAccounting2(run(pipeline), 3, 0, 1);
  }

  /**
   * A late event may also extend a session: the result of [1,15) is then superseded by that of
   * [1,22), and the final results (WindowResult.finalPanes) hold each event once.
   */
  @Test
  void sessionExtendedByALateEventSupersedesItsEarlierResult(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 5, 3.0))
            // Past the end of session [1,15): its on-time pane fires.
            .advanceWatermarkTo(at(20))
            // Its window [12,22) overlaps the session: the merged session is [1,22).
            .addElements(reading("a-3", "A", 12, 5.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, SESSIONS, null));
    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .satisfies(
            panes -> {
              List<String> json = new ArrayList<>();
              panes.forEach(r -> json.add(r.toJson()));
              List<String> finals = new ArrayList<>();
              WindowResult.finalPanes(json).values().forEach(r -> finals.add(pane(r)));
              assertEquals(1, finals.size(), json.toString());
              // Which pane of the merged session is final depends on the runner's timing.
              assertEquals(
                  pane("A", 1, 22, 1.0, 3.0, 5.0).replaceAll(" [A-Z_]+#\\d+$", ""),
                  finals.get(0).replaceAll(" [A-Z_]+#\\d+$", ""),
                  json.toString());
              return null;
            });

    Map<String, Long> c = run(pipeline);
    assertAccounting(c, 3, 0, 0, 0);
    assertEquals(3L, c.get(SluiceMetrics.WINDOW_MEMBERSHIPS), c.toString());
  }

  @Test
  void sessionEventWhoseOwnWindowExpiredGoesToTheLateOutput(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past the end of session [1,11): its on-time pane fires.
            .advanceWatermarkTo(at(15))
            // Past 41.999 s, the expiry of an event at 2 s (its window [2,12) + 30 s lateness).
            .advanceWatermarkTo(at(45))
            .addElements(reading("a-2", "A", 2, 3.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = bothAggregations(pipeline, input, SESSIONS, pane("A", 1, 11, 1.0));
    PAssert.that(out.get(WindowedAggregate.LATE))
        .satisfies(
            late -> {
              assertEquals(List.of("a-2 missed [2,12) expired at 41999ms"), describe(late));
              return null;
            });

    assertAccounting2(run(pipeline), 2, 1, 1);
  }
}
