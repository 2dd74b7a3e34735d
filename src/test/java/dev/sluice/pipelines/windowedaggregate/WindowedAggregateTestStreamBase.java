package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * windowed-aggregate driven by a TestStream, one test per lateness class: 10 s windows, 30 s
 * allowed lateness, so window [0s,10s) expires once the watermark passes 39.999 s. Every test also
 * checks the accounting: read = valid + invalid, valid = unique + duplicates, unique = aggregated +
 * late, and that Beam dropped nothing. Subclasses choose the runner.
 */
abstract class WindowedAggregateTestStreamBase {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final int SHARDS = 4;

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  static WindowedAggregate transform(Pipeline pipeline, Duration earlyFiring) {
    return transform(pipeline, earlyFiring, null);
  }

  /**
   * @param sql the query for the SQL aggregation, null for the default hand-written combine
   */
  static WindowedAggregate transform(Pipeline pipeline, Duration earlyFiring, String sql) {
    EventWindows windows =
        new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30));
    return new WindowedAggregate(
        new EventParser(java.time.Duration.ofHours(1)),
        new ReadingExtractor("value"),
        new AdmitEvents.Settings(windows, true, true, SHARDS, AdmitEvents.CLOCK_KEEP_ALIVE),
        new WindowedAggregate.Aggregation(earlyFiring, sql),
        RunnerTraits.of(pipeline.getOptions()));
  }

  static TimestampedValue<RawRecord> reading(
      String id, String key, long secondsAfterT0, double value) {
    Instant t = T0.plusSeconds(secondsAfterT0);
    return TimestampedValue.of(
        CloudEvents.reading(id, key, t, value, secondsAfterT0),
        new org.joda.time.Instant(t.toEpochMilli()));
  }

  static org.joda.time.Instant at(long secondsAfterT0) {
    return new org.joda.time.Instant(T0.plusSeconds(secondsAfterT0).toEpochMilli());
  }

  static IntervalWindow window(long startSecond) {
    return new IntervalWindow(at(startSecond), Duration.standardSeconds(10));
  }

  static WindowResult result(
      String key,
      long start,
      long count,
      double sum,
      double min,
      double max,
      String timing,
      long pane) {
    return new WindowResult(
        key,
        T0.plusSeconds(start),
        T0.plusSeconds(start + 10),
        count,
        sum,
        min,
        max,
        sum / count,
        timing,
        pane,
        false);
  }

  static String rounded(WindowResult r) {
    return String.format(
        "%s@%s %s#%d n=%d sum=%s min=%s max=%s avg=%.6f",
        r.key(),
        r.windowStart(),
        r.timing(),
        r.paneIndex(),
        r.count(),
        r.sum(),
        r.min(),
        r.max(),
        r.avg());
  }

  /** The late output as "key@windowStart/expiredAt" strings, for readable assertions. */
  static List<String> describe(Iterable<LateEvent> late) {
    List<String> out = new ArrayList<>();
    late.forEach(l -> out.add(l.event().key() + "@" + l.windowStart() + "/" + l.expiredAt()));
    return out;
  }

  static String lateAt(String key, long windowStart) {
    Instant start = T0.plusSeconds(windowStart);
    return key + "@" + start + "/" + start.plusSeconds(40).minusMillis(1);
  }

  static PCollection<WindowResult> ignoringIsLast(PCollection<WindowResult> results) {
    return results.apply(
        "IgnoreIsLast",
        MapElements.into(TypeDescriptor.of(WindowResult.class))
            .via(
                (WindowResult r) ->
                    new WindowResult(
                        r.key(),
                        r.windowStart(),
                        r.windowEnd(),
                        r.count(),
                        r.sum(),
                        r.min(),
                        r.max(),
                        r.avg(),
                        r.timing(),
                        r.paneIndex(),
                        false)));
  }

  Map<String, Long> run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }

  static void assertAccounting(
      Map<String, Long> c, long read, long invalid, long duplicates, long late) {
    String all = c.toString();
    assertEquals(read, c.getOrDefault(SluiceMetrics.READ, 0L), all);
    assertEquals(invalid, c.getOrDefault(SluiceMetrics.INVALID, 0L), all);
    assertEquals(read - invalid, c.getOrDefault(SluiceMetrics.VALID, 0L), all);
    assertEquals(duplicates, c.getOrDefault(SluiceMetrics.DUPLICATES, 0L), all);
    assertEquals(late, c.getOrDefault(SluiceMetrics.LATE, 0L), all);
    assertEquals(
        read - invalid - duplicates - late, c.getOrDefault(SluiceMetrics.AGGREGATED, 0L), all);
    assertEquals(
        0L, c.getOrDefault(RunSummary.DROPPED_DUE_TO_LATENESS, 0L), "Beam dropped data: " + all);
  }

  @Test
  void onTimeEventsFireOneOnTimePanePerKeyAndBadRecordsAreDeadLettered(TestPipeline pipeline) {
    RawRecord garbage = CloudEvents.record("{not json", T0.toEpochMilli(), 99);
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            // Watermark at the window start: everything below is on time.
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0),
                reading("a-2", "A", 3, 3.0),
                reading("b-1", "B", 5, 10.0),
                // Sources stamp unparseable records with the minimum timestamp.
                TimestampedValue.of(garbage, BoundedWindow.TIMESTAMP_MIN_VALUE))
            // Watermark passes the end of [0s,10s): its on-time panes fire.
            .advanceWatermarkTo(at(15))
            // Watermark to the end of time: windows expire, nothing more may fire.
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, null));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inOnTimePane(window(0))
        .containsInAnyOrder(
            result("A", 0, 2, 4, 1, 3, "ON_TIME", 0), result("B", 0, 1, 10, 10, 10, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inWindow(window(0))
        .containsInAnyOrder(
            result("A", 0, 2, 4, 1, 3, "ON_TIME", 0), result("B", 0, 1, 10, 10, 10, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.LATE)).empty();
    PAssert.that(out.get(WindowedAggregate.DEAD_LETTERS))
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size());
              DeadLetter only = all.get(0);
              assertEquals("parse", only.stage());
              assertTrue(only.error().startsWith("not JSON"), only.error());
              assertEquals(99, only.record().offset());
              assertTrue(only.toJson().contains("\"rawValue\":\"{not json\""), only.toJson());
              return null;
            });

    assertAccounting(run(pipeline), 4, 1, 0, 0);
  }

  @Test
  void lateEventWithinAllowedLatenessUpdatesTheWindowInAnAccumulatingLatePane(
      TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 3, 3.0))
            // Past the end of [0s,10s) (on-time pane fires) but well before its expiry at 39.999 s.
            .advanceWatermarkTo(at(25))
            // Late, within allowed lateness: a LATE pane carrying all three events.
            .addElements(reading("a-3", "A", 2, 5.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, null));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inOnTimePane(window(0))
        .containsInAnyOrder(result("A", 0, 2, 4, 1, 3, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inWindow(window(0))
        .containsInAnyOrder(
            result("A", 0, 2, 4, 1, 3, "ON_TIME", 0), result("A", 0, 3, 9, 1, 5, "LATE", 1));
    PAssert.that(out.get(WindowedAggregate.LATE)).empty();

    assertAccounting(run(pipeline), 3, 0, 0, 0);
  }

  @Test
  void sqlAndCombineAggregationsGiveTheSamePanes(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(
                reading("a-1", "A", 1, 1.0),
                reading("a-2", "A", 3, -3.5),
                reading("b-1", "B", 12, 2.0))
            // Past the end of [0s,10s): its on-time pane fires; [10s,20s) stays open.
            .advanceWatermarkTo(at(15))
            // Late for [0s,10s), within allowed lateness: a LATE pane with all three readings.
            .addElements(reading("a-3", "A", 2, 8.0))
            .advanceWatermarkToInfinity();

    PCollection<RawRecord> records = pipeline.apply(input);
    PCollectionTuple combine = records.apply("Combine", transform(pipeline, null));
    PCollectionTuple sql =
        records.apply(
            "Sql",
            transform(pipeline, null, PipelineResources.text("windowed-aggregate/aggregate.sql")));

    // Beam SQL's AVG rounds to 9 decimals (BigDecimal); the combine's mean is exact. Compared at 6.
    for (Map.Entry<String, PCollectionTuple> out :
        Map.of("Combine", combine, "Sql", sql).entrySet()) {
      PCollection<String> panes =
          out.getValue()
              .get(WindowedAggregate.RESULTS)
              .apply(
                  "Round" + out.getKey(),
                  MapElements.into(TypeDescriptor.of(String.class))
                      .via(WindowedAggregateTestStreamBase::rounded));
      PAssert.that(panes)
          .containsInAnyOrder(
              rounded(result("A", 0, 2, -2.5, -3.5, 1, "ON_TIME", 0)),
              rounded(result("A", 0, 3, 5.5, -3.5, 8, "LATE", 1)),
              rounded(result("B", 10, 1, 2, 2, 2, "ON_TIME", 0)));
    }
    run(pipeline);
  }

  @Test
  void droppablyLateEventGoesToTheLateOutputWithTheWindowItMissed(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past the end of [0s,10s): its on-time pane fires.
            .advanceWatermarkTo(at(12))
            // Past the expiry of [0s,10s) (39.999 s): that window can no longer change.
            .advanceWatermarkTo(at(61))
            // Too late for [0s,10s): must not be aggregated, must not vanish.
            .addElements(reading("a-2", "A", 2, 7.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, null));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inWindow(window(0))
        .containsInAnyOrder(result("A", 0, 1, 1, 1, 1, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.LATE))
        .satisfies(
            late -> {
              assertEquals(List.of(lateAt("A", 0)), describe(late));
              LateEvent only = late.iterator().next();
              assertEquals("a-2", only.event().id());
              assertEquals(T0.plusSeconds(10), only.windowEnd());
              return null;
            });

    assertAccounting(run(pipeline), 2, 0, 0, 1);
  }

  @Test
  void neverSeenKeyArrivingDroppablyLateGoesToTheLateOutput(TestPipeline pipeline) {
    // Z shares no router shard with A: what Z's shard knows of the watermark it learned from A's.
    assertNotEquals(Math.floorMod("A".hashCode(), SHARDS), Math.floorMod("Z".hashCode(), SHARDS));
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past the end of [0s,10s): its on-time pane fires.
            .advanceWatermarkTo(at(12))
            // Every window up to [20s,30s) has expired (its expiry is 59.999 s).
            .advanceWatermarkTo(at(70))
            // A device reconnects and flushes old readings, some into windows nobody had data for.
            .addElements(reading("z-1", "Z", 4, 2.0), reading("z-2", "Z", 25, 3.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, null));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .containsInAnyOrder(result("A", 0, 1, 1, 1, 1, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.LATE))
        .satisfies(
            late -> {
              List<String> got = describe(late);
              got.sort(null);
              assertEquals(List.of(lateAt("Z", 0), lateAt("Z", 20)), got);
              return null;
            });

    assertAccounting(run(pipeline), 3, 0, 0, 2);
  }

  @Test
  void repeatsWithinTheHorizonAreDroppedAndACopyAfterItIsLate(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 2, 2.0))
            // The same CloudEvent (source, id) again, before the window closes: a repeat.
            .addElements(reading("a-1", "A", 1, 1.0))
            .advanceWatermarkTo(at(12))
            // Again after the on-time pane but inside the horizon (expiry 39.999 s): still a
            // repeat.
            .addElements(reading("a-2", "A", 2, 2.0))
            // Past the horizon: the de-duplication state is gone, the window too.
            .advanceWatermarkTo(at(45))
            // A copy now is no repeat of anything live; its window expired, so it is late.
            .addElements(reading("a-1", "A", 1, 1.0))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, null));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inWindow(window(0))
        .containsInAnyOrder(result("A", 0, 2, 3, 1, 2, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.LATE))
        .satisfies(
            late -> {
              assertEquals(List.of(lateAt("A", 0)), describe(late));
              return null;
            });

    assertAccounting(run(pipeline), 5, 0, 2, 1);
  }

  @Test
  void expiredStateIsClearedSoAKeyAndAnIdStartFresh(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 2, 5.0))
            // Past the end of [0s,10s): its on-time pane fires.
            .advanceWatermarkTo(at(12))
            // Past the expiry of [0s,10s): window state and de-duplication state are cleared.
            .advanceWatermarkTo(at(50))
            // Same key and even the same id, now in a new window: a fresh start, not a repeat,
            // and not accumulated onto the old window's result.
            .addElements(reading("a-1", "A", 61, 4.0))
            // Past the end of [60s,70s): its on-time pane fires.
            .advanceWatermarkTo(at(75))
            .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(input).apply(transform(pipeline, null));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inWindow(window(0))
        .containsInAnyOrder(result("A", 0, 2, 6, 1, 5, "ON_TIME", 0));
    // Whether this on-time pane is also the last depends on the runner: Flink forwards a watermark
    // that fired timers only after the next bundle, so here it may see the end of time at once.
    PAssert.that(ignoringIsLast(out.get(WindowedAggregate.RESULTS)))
        .inWindow(window(60))
        .containsInAnyOrder(result("A", 60, 1, 4, 4, 4, "ON_TIME", 0));
    PAssert.that(out.get(WindowedAggregate.LATE)).empty();

    assertAccounting(run(pipeline), 3, 0, 0, 0);
  }

  /** Early panes need processing time to advance; a runner that cannot overrides this test. */
  @Test
  void earlyPanesFireBeforeTheWatermarkAndAccumulate(TestPipeline pipeline) {
    buildEarlyPanes(pipeline);
    assertAccounting(run(pipeline), 2, 0, 0, 0);
  }

  static void buildEarlyPanes(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Processing time moves 6 s past the first element: the 5 s early trigger fires.
            .advanceProcessingTime(Duration.standardSeconds(6))
            .addElements(reading("a-2", "A", 3, 3.0))
            // Watermark passes the window end: the on-time pane includes both readings.
            .advanceWatermarkTo(at(15))
            .advanceWatermarkToInfinity();

    PCollectionTuple out =
        pipeline.apply(input).apply(transform(pipeline, Duration.standardSeconds(5)));

    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inEarlyPane(window(0))
        .containsInAnyOrder(result("A", 0, 1, 1, 1, 1, "EARLY", 0));
    PAssert.that(out.get(WindowedAggregate.RESULTS))
        .inOnTimePane(window(0))
        .containsInAnyOrder(result("A", 0, 2, 4, 1, 3, "ON_TIME", 1));
  }
}
