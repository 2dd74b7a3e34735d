package dev.sluice.pipelines.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routing step alone, fed by a TestStream: which rule set routes an event depends on the
 * event's time and the rule record's timestamp, never on the order in which they arrive.
 */
abstract class RouterTestStreamBase {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String RULES_TOPIC = "rules";

  static final String V1 =
      """
      version: 1
      default: other
      routes:
        - {name: hot, to: [alerts], when: {field: data.value, range: {min: 90}}}
      """;
  static final String V3 =
      """
      version: 3
      default: other
      routes:
        - {name: hot, to: [alerts], when: {field: data.value, range: {min: 50}}}
        - {name: copy, to: [audit], when: {field: data.value, range: {min: 50}}}
      """;

  abstract PipelineOptions options();

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  static TimestampedValue<RawRecord> reading(String id, long second, double value) {
    Instant t = T0.plusSeconds(second);
    return TimestampedValue.of(
        CloudEvents.reading(id, "dev-" + id, t, value, second), joda(second));
  }

  /** A rules-topic record published at {@code second}. */
  static TimestampedValue<RawRecord> rules(String text, long second, long offset) {
    long at = T0.plusSeconds(second).toEpochMilli();
    RawRecord r =
        new RawRecord(
            RULES_TOPIC, 0, offset, at, null, text.getBytes(StandardCharsets.UTF_8), List.of());
    return TimestampedValue.of(r, joda(second));
  }

  static org.joda.time.Instant joda(long second) {
    return new org.joda.time.Instant(T0.plusSeconds(second).toEpochMilli());
  }

  static PCollection<String> idsAndVersions(PCollection<RawRecord> routed, String topic) {
    return routed.apply(
        "Ids" + topic,
        MapElements.into(TypeDescriptors.strings())
            .via(
                (RawRecord r) -> {
                  String json = new String(r.value(), StandardCharsets.UTF_8);
                  String id = json.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                  String version =
                      new String(r.header(RouteByRulesFn.VERSION_HEADER), StandardCharsets.UTF_8);
                  return id + "@v" + version + "->" + r.topic();
                }));
  }

  @Test
  void eachEventIsRoutedByTheRulesInForceAtItsTimeWhateverTheArrivalOrder(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            .addElements(reading("e1", 5, 60), reading("e2", 10, 95))
            // Watermark past 10 s: e1 and e2 are routed by v1, the only rule set so far.
            .advanceWatermarkTo(joda(12))
            // e3 (25 s) arrives before the rule set published at 20 s ...
            .addElements(reading("e3", 25, 60))
            // ... which still comes before the watermark reaches 25 s, so v3 routes e3. A broken
            // rule set and a stale version 2 are refused; v3 stays in force.
            .addElements(
                rules(V3, 20, 0),
                rules("version: [", 21, 1),
                rules(V3.replace("version: 3", "version: 2"), 30, 2))
            // Watermark past 25 s: e3 is routed.
            .advanceWatermarkTo(joda(40))
            // e4 is late (8 s, behind the watermark): the rules of its own time, v1, route it.
            .addElements(reading("e4", 8, 60))
            // End of input: everything still waiting is routed.
            .advanceWatermarkToInfinity();

    RouteEvents route =
        new RouteEvents(
            new EventParser(java.time.Duration.ofHours(1)),
            new RouteEvents.Settings(RuleSet.parse(V1), RULES_TOPIC, List.of("audit"), 4));
    PCollectionTuple out = pipeline.apply(input).apply(route);

    PAssert.that(idsAndVersions(out.get(route.output("other")), "other"))
        .containsInAnyOrder("e1@v1->other", "e4@v1->other");
    PAssert.that(idsAndVersions(out.get(route.output("alerts")), "alerts"))
        .containsInAnyOrder("e2@v1->alerts", "e3@v3->alerts");
    PAssert.that(idsAndVersions(out.get(route.output("audit")), "audit"))
        .containsInAnyOrder("e3@v3->audit");
    PAssert.that(
            out.get(RouteEvents.DEAD_LETTERS)
                .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::error)))
        .satisfies(
            errors -> {
              List<String> all = new java.util.ArrayList<>();
              errors.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              assertEquals(true, all.get(0).startsWith("rule set refused: not YAML"), all.get(0));
              return null;
            });

    Map<String, Long> c = run(pipeline);
    assertEquals(4L, c.get("records_read"), c.toString());
    assertEquals(4L, c.get(RouterMetrics.ROUTED), c.toString());
    assertEquals(5L, c.get(RouterMetrics.COPIES), c.toString());
    assertEquals(1L, c.get(RouterMetrics.APPLIED), c.toString());
    assertEquals(2L, c.get(RouterMetrics.REFUSED), c.toString());
  }

  @Test
  void eachStepIsRoutedWhenTheWatermarkPassesItAndLaterStepsKeepWaiting(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            // Two readings of step 6 s (5.2 s, 5.7 s), one of 7 s (6.5 s), one of 10 s (9.1 s);
            // the shard (one here) holds all four.
            .addElements(
                millisReading("a", 5_200), millisReading("b", 9_100), millisReading("c", 6_500))
            .addElements(millisReading("d", 5_700))
            // Watermark at 7 s: steps 6 s and 7 s are routed, at their own step's time; 10 s waits.
            .advanceWatermarkTo(joda(7))
            // A reading of an already routed step (6.1 s, late): routed at once, in step 7 s.
            .addElements(millisReading("e", 6_100))
            // End of input: the 10 s step is routed.
            .advanceWatermarkToInfinity();
    RouteEvents route =
        new RouteEvents(
            new EventParser(java.time.Duration.ofHours(1)),
            new RouteEvents.Settings(RuleSet.parse(V1), RULES_TOPIC, List.of(), 1));
    PCollection<String> routedAt =
        pipeline
            .apply(input)
            .apply(route)
            .get(route.output("other"))
            .apply(ParDo.of(new IdAndTimeFn()));
    PAssert.that(routedAt).containsInAnyOrder("a@6s", "d@6s", "c@7s", "e@7s", "b@10s");
    Map<String, Long> c = run(pipeline);
    assertEquals(5L, c.get(RouterMetrics.ROUTED), c.toString());
  }

  static TimestampedValue<RawRecord> millisReading(String id, long millis) {
    Instant t = T0.plusMillis(millis);
    return TimestampedValue.of(
        CloudEvents.reading(id, "dev-" + id, t, 1.0, millis),
        new org.joda.time.Instant(t.toEpochMilli()));
  }

  /** "id@Ns": a routed record's event id and the event time it was routed at. */
  static final class IdAndTimeFn extends DoFn<RawRecord, String> {
    @ProcessElement
    public void process(
        @Element RawRecord r, @Timestamp org.joda.time.Instant at, OutputReceiver<String> out) {
      String json = new String(r.value(), StandardCharsets.UTF_8);
      String id = json.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
      out.output(id + "@" + (at.getMillis() - T0.toEpochMilli()) / 1000 + "s");
    }
  }

  static Map<String, Long> run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }
}
