package dev.sluice.pipelines.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kit.RunSummary;
import dev.sluice.runner.RunnerTraits;
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
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The merge alone, fed by a TestStream of records from three inputs: every admitted event leaves
 * once, stamped with its own event time; one that comes after event time passed it is late; a
 * repeat is dropped; a malformed record is a dead letter.
 */
abstract class MergeTestStreamBase {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  abstract PipelineOptions options();

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(options());

  /** A reading of {@code key} at {@code T0 + millis}, read from {@code topic} at {@code offset}. */
  static TimestampedValue<RawRecord> event(
      String topic, long offset, String source, String id, String key, long millis) {
    Instant t = T0.plusMillis(millis);
    String json = CloudEvents.json(source, id, key, t, millis);
    return TimestampedValue.of(
        new RawRecord(
            topic,
            0,
            offset,
            t.toEpochMilli(),
            null,
            json.getBytes(StandardCharsets.UTF_8),
            List.of()),
        at(millis));
  }

  static org.joda.time.Instant at(long millis) {
    return new org.joda.time.Instant(T0.plusMillis(millis).toEpochMilli());
  }

  @Test
  void everyEventLeavesOnceAtItsOwnTimeAndLateOnesAreDiverted(TestPipeline pipeline) {
    TestStream<RawRecord> input =
        TestStream.create(RawRecordCoder.of())
            // Three inputs, out of order within and across them; a repeat of a1 from input a.
            .addElements(
                event("a", 0, "/a", "a1", "k1", 5_000),
                event("b", 0, "/b", "b1", "k1", 4_000),
                event("a", 1, "/a", "a2", "k1", 3_000),
                event("c", 0, "/c", "c1", "k2", 4_500),
                event("b", 1, "/b", "b2", "k1", 5_000),
                event("a", 2, "/a", "a1", "k1", 5_000))
            .addElements(TimestampedValue.of(CloudEvents.record("{not json", 0, 3), at(5_000)))
            // Watermark to 20 s: every event above has settled (its second's end + one grain)
            // and leaves; for k1 in the order a2, b1, a1, b2 (a1 before b2: same time, source).
            .advanceWatermarkTo(at(20_000))
            // a3 at 2 s comes after the watermark passed its second: late.
            .addElements(event("a", 4, "/a", "a3", "k1", 2_000))
            // k2's next event is on time; the end of input lets it out.
            .addElements(event("c", 1, "/c", "c2", "k2", 30_000))
            .advanceWatermarkToInfinity();

    MergeStreams merge =
        new MergeStreams(
            new EventParser(java.time.Duration.ofDays(3650)),
            new MergeStreams.Settings(Duration.ZERO, true, 4),
            RunnerTraits.of(pipeline.getOptions()));
    PCollectionTuple out = pipeline.apply(input).apply(merge);

    PAssert.that(idsAtTimes(out.get(MergeStreams.MERGED)))
        .containsInAnyOrder(
            "a2@3000 from a/0/1",
            "b1@4000 from b/0/0",
            "a1@5000 from a/0/0",
            "b2@5000 from b/0/1",
            "c1@4500 from c/0/0",
            "c2@30000 from c/0/1");
    PAssert.that(
            out.get(MergeStreams.LATE)
                .apply(
                    "LateIds",
                    MapElements.into(TypeDescriptors.strings())
                        .via((LateEvent e) -> e.event().id())))
        .containsInAnyOrder("a3");
    PAssert.that(
            out.get(MergeStreams.DEAD_LETTERS)
                .apply(
                    "DeadOffsets",
                    MapElements.into(TypeDescriptors.longs())
                        .via((DeadLetter d) -> d.record().offset())))
        .containsInAnyOrder(3L);

    Map<String, Long> c = run(pipeline);
    assertEquals(9L, c.get("records_read"), c.toString());
    assertEquals(1L, c.get("events_invalid"), c.toString());
    assertEquals(1L, c.get("events_duplicate"), c.toString());
    assertEquals(1L, c.get("events_late"), c.toString());
    assertEquals(6L, c.get(MergeMetrics.MERGED), c.toString());
  }

  /** "id@millis from topic/partition/offset", the millis being the element's timestamp. */
  static PCollection<String> idsAtTimes(PCollection<RawRecord> merged) {
    return merged.apply(
        "IdsAtTimes",
        ParDo.of(
            new DoFn<RawRecord, String>() {
              @ProcessElement
              public void process(
                  @Element RawRecord r,
                  @Timestamp org.joda.time.Instant ts,
                  OutputReceiver<String> o) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                String id = json.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                String origin =
                    new String(r.header(LateEvent.ORIGIN_HEADER), StandardCharsets.UTF_8);
                long millis = ts.getMillis() - T0.toEpochMilli();
                o.output(id + "@" + millis + " from " + origin);
              }
            }));
  }

  static Map<String, Long> run(TestPipeline pipeline) {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return RunSummary.counters(result);
  }
}
