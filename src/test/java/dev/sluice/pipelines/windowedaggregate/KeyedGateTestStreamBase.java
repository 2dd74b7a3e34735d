package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.pipelines.windowedaggregate.PerKeyWindowsTestStreamBase.FIXED;
import static dev.sluice.pipelines.windowedaggregate.PerKeyWindowsTestStreamBase.counter;
import static dev.sluice.pipelines.windowedaggregate.PerKeyWindowsTestStreamBase.run;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.T0;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.assertAccounting;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.at;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.describe;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.lateAt;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.LateMarker;
import dev.sluice.transforms.AdmitEvents;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-key aggregation as its own gate (streaming, de-duplication and late capture on): one test
 * per lateness class, 10 s windows with 30 s allowed lateness, so [0s,10s) expires once the
 * watermark passes 39.999 s. The step must put every valid event that is not a repeat either in the
 * panes of its window or on the late output, with the accounting adding up and Beam dropping
 * nothing.
 */
abstract class KeyedGateTestStreamBase {

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  abstract PipelineOptions options();

  static PCollectionTuple keyedWithGate(TestPipeline pipeline, TestStream<RawRecord> input) {
    return pipeline
        .apply(input)
        .apply(
            new WindowedAggregate(
                new EventParser(java.time.Duration.ofHours(1)),
                new ReadingExtractor("value"),
                new AdmitEvents.Settings(FIXED, true, true, 4, AdmitEvents.CLOCK_KEEP_ALIVE),
                WindowedAggregate.Aggregation.perKey(),
                RunnerTraits.of(pipeline.getOptions())));
  }

  static void assertPanes(PCollectionTuple out, String... expected) {
    assertDescribed(out, PerKeyWindowsTestStreamBase::pane, expected);
  }

  /**
   * The same without "last=": whether the last window's on-time pane is also its last depends on
   * the runner (Flink may forward the end of time before that pane's timer fires).
   */
  static void assertPanesIgnoringLast(PCollectionTuple out, String... expected) {
    assertDescribed(
        out, r -> PerKeyWindowsTestStreamBase.pane(r).replaceAll(" last=\\w+", ""), expected);
  }

  private static void assertDescribed(
      PCollectionTuple out,
      SerializableFunction<WindowResult, String> describe,
      String... expected) {
    PAssert.that(
            out.get(WindowedAggregate.RESULTS)
                .apply("Describe", MapElements.into(TypeDescriptors.strings()).via(describe)))
        .containsInAnyOrder(expected);
  }

  static void assertLate(PCollectionTuple out, String... expected) {
    PAssert.that(out.get(WindowedAggregate.LATE))
        .satisfies(
            late -> {
              List<String> got = describe(late);
              got.sort(null);
              assertEquals(List.of(expected), got);
              return null;
            });
  }

  @Test
  void lateEventWithinAllowedLatenessJoinsItsWindowInALatePane(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 3, 3.0))
            // Past the end of [0s,10s) (its on-time pane fires), well before its expiry.
            .advanceWatermarkTo(at(25))
            // Late within allowed lateness: a LATE pane carrying all three.
            .addElements(reading("a-3", "A", 2, 5.0))
            .advanceWatermarkToInfinity();
    PCollectionTuple out = keyedWithGate(pipeline, input);
    assertPanes(
        out,
        "A@0s ON_TIME#0 n=2 sum=4.0 min=1.0 max=3.0 last=false",
        "A@0s LATE#1 n=3 sum=9.0 min=1.0 max=5.0 last=false");
    assertLate(out);
    assertAccounting(RunSummary.counters(run(pipeline)), 3, 0, 0, 0);
  }

  @Test
  void eventPastItsWindowsExpiryGoesToTheLateOutputNotIntoAPane(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past the end of [0s,10s): its on-time pane fires.
            .advanceWatermarkTo(at(12))
            // Past its expiry (39.999 s): the window can no longer change.
            .advanceWatermarkTo(at(41))
            // Too late for [0s,10s): on the late output with that window, never in a pane.
            .addElements(reading("a-2", "A", 2, 7.0))
            .advanceWatermarkToInfinity();
    PCollectionTuple out = keyedWithGate(pipeline, input);
    assertPanes(out, "A@0s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=false");
    assertLate(out, lateAt("A", 0));
    assertAccounting(RunSummary.counters(run(pipeline)), 2, 0, 0, 1);
  }

  @Test
  void neverSeenKeyArrivingPastExpiryAndASourceMarkedEventAreLate(TestPipeline pipeline) {
    RawRecord marked = CloudEvents.reading("b-1", "B", T0.plusSeconds(50), 4.0, 50);
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0))
            // Every window up to [20s,30s) has expired (its expiry is 59.999 s).
            .advanceWatermarkTo(at(70))
            // A device reconnects and flushes old readings into windows nobody had data for.
            .addElements(reading("z-1", "Z", 4, 2.0), reading("z-2", "Z", 25, 3.0))
            // Its window expires at 89.999 s, beyond this step's watermark; but its partition was
            // ahead of the others and the source saw that partition's watermark pass it.
            .addElements(TimestampedValue.of(marked, LateMarker.TIMESTAMP))
            .advanceWatermarkToInfinity();
    PCollectionTuple out = keyedWithGate(pipeline, input);
    assertPanes(out, "A@0s ON_TIME#0 n=1 sum=1.0 min=1.0 max=1.0 last=true");
    assertLate(out, lateAt("B", 50), lateAt("Z", 0), lateAt("Z", 20));
    assertAccounting(RunSummary.counters(run(pipeline)), 4, 0, 0, 3);
  }

  @Test
  void repeatsWithinTheHorizonAreDroppedAndACopyAfterItIsLate(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 2, 2.0))
            // The same CloudEvent (source, id) again before the window closes: a repeat.
            .addElements(reading("a-1", "A", 1, 1.0))
            // Past the end of [0s,10s): its on-time pane fires.
            .advanceWatermarkTo(at(12))
            // Again after the on-time pane, inside the horizon (39.999 s): still a repeat.
            .addElements(reading("a-2", "A", 2, 2.0))
            // Past the horizon: the identities are forgotten, the window is gone.
            .advanceWatermarkTo(at(45))
            // A copy now repeats nothing live; its window expired, so it is late.
            .addElements(reading("a-1", "A", 1, 1.0))
            .advanceWatermarkToInfinity();
    PCollectionTuple out = keyedWithGate(pipeline, input);
    assertPanes(out, "A@0s ON_TIME#0 n=2 sum=3.0 min=1.0 max=2.0 last=false");
    assertLate(out, lateAt("A", 0));
    assertAccounting(RunSummary.counters(run(pipeline)), 5, 0, 2, 1);
  }

  @Test
  void expiredStateIsClearedSoAKeyAndAnIdStartFresh(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .advanceWatermarkTo(at(0))
            .addElements(reading("a-1", "A", 1, 1.0), reading("a-2", "A", 2, 5.0))
            // Past the end of [0s,10s): its on-time pane fires.
            .advanceWatermarkTo(at(12))
            // Past its expiry: the window's state and the identities are cleared.
            .advanceWatermarkTo(at(50))
            // Same key, same id, in a new window: a fresh start, not a repeat, not accumulated
            // onto the old window.
            .addElements(reading("a-1", "A", 61, 4.0))
            // Past the end of [60s,70s): its on-time pane fires.
            .advanceWatermarkTo(at(75))
            .advanceWatermarkToInfinity();
    PCollectionTuple out = keyedWithGate(pipeline, input);
    assertPanesIgnoringLast(
        out,
        "A@0s ON_TIME#0 n=2 sum=6.0 min=1.0 max=5.0",
        "A@60s ON_TIME#0 n=1 sum=4.0 min=4.0 max=4.0");
    assertLate(out);
    PipelineResult result = run(pipeline);
    assertAccounting(RunSummary.counters(result), 3, 0, 0, 0);
    assertEquals(2, counter(result, SummarizeWindowsPerKey.WINDOWS_OPENED));
    assertEquals(
        2, counter(result, SummarizeWindowsPerKey.WINDOWS_CLOSED), "every window's state cleared");
  }
}
