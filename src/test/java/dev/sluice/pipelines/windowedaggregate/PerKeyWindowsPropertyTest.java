package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.at;
import static dev.sluice.pipelines.windowedaggregate.WindowedAggregateTestStreamBase.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.testing.Runners;
import dev.sluice.time.EventWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.joda.time.Duration;

/**
 * Random interleavings of readings (on time, late, too late) and watermark moves: the per-key
 * aggregation must give exactly the panes of Beam's windowed combine, field by field (window,
 * timing, index, last, count, sum, min, max), for fixed and sliding windows and several allowed
 * latenesses. Readings are whole numbers, so sums do not depend on the order they are added in.
 * Each reading is its own TestStream step: the Direct runner's GroupByKey folds the late readings
 * of one bundle into one pane, where Flink (and the per-key step) gives one pane per reading.
 */
class PerKeyWindowsPropertyTest {

  /** Panes per try and aggregation, from the sink below (the Direct runner runs in this JVM). */
  static final Map<String, Queue<String>> PANES = new ConcurrentHashMap<>();

  /** A reading of key at second, or (key null) a watermark move forward by seconds. */
  record Step(String key, int second, int value) {
    boolean isAdvance() {
      return key == null;
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> readingStep =
        Combinators.combine(
                Arbitraries.of("A", "B", "C"),
                Arbitraries.integers().between(0, 90),
                Arbitraries.integers().between(-50, 50))
            .as(Step::new);
    Arbitrary<Step> advance = Arbitraries.integers().between(1, 25).map(s -> new Step(null, s, 0));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, readingStep), net.jqwik.api.Tuple.of(1, advance))
        .list()
        .ofMinSize(3)
        .ofMaxSize(30);
  }

  @Property(tries = 40)
  void thePerKeyAggregationGivesBeamsPanes(
      @ForAll("steps") List<Step> steps,
      @ForAll boolean sliding,
      @ForAll @IntRange(min = 0, max = 2) int latenessTens) {
    Duration lateness = Duration.standardSeconds(10L * latenessTens);
    EventWindows windows =
        sliding
            ? EventWindows.sliding(
                Duration.standardSeconds(10), Duration.standardSeconds(5), lateness)
            : new EventWindows(Duration.standardSeconds(10), lateness);
    TestStream.Builder<RawRecord> input =
        TestStream.create(RawRecordCoder.of()).advanceWatermarkTo(at(0));
    long watermark = 0;
    int late = 0;
    int readings = 0;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.isAdvance()) {
        watermark += s.second();
        input = input.advanceWatermarkTo(at(watermark));
      } else {
        readings++;
        late += s.second() < watermark ? 1 : 0;
        input = input.addElements(reading("r-" + i, s.key(), s.second(), s.value()));
      }
    }
    Statistics.label("readings behind the watermark").collect(late > 0);

    String run = UUID.randomUUID().toString();
    Pipeline pipeline = Pipeline.create(Runners.direct());
    var records = pipeline.apply(input.advanceWatermarkToInfinity());
    Map<String, WindowedAggregate.Aggregation> aggregations =
        Map.of(
            "Combine", WindowedAggregate.Aggregation.combine(),
            "PerKey", WindowedAggregate.Aggregation.perKey());
    aggregations.forEach(
        (name, aggregation) ->
            records
                .apply(
                    name, PerKeyWindowsTestStreamBase.withoutGate(pipeline, windows, aggregation))
                .get(WindowedAggregate.RESULTS)
                .apply("Collect" + name, ParDo.of(new CollectFn(run + "/" + name))));
    pipeline.run().waitUntilFinish();

    List<String> beam = sorted(PANES.remove(run + "/Combine"));
    List<String> perKey = sorted(PANES.remove(run + "/PerKey"));
    // A reading ahead of the watermark is never dropped, so it must show in some pane.
    assertFalse(late < readings && beam.isEmpty(), "Beam gave no panes for " + steps);
    assertEquals(beam, perKey, "steps " + steps + ", " + windows);
  }

  private static List<String> sorted(Queue<String> panes) {
    List<String> out = new ArrayList<>(panes == null ? List.of() : panes);
    out.sort(null);
    return out;
  }

  static final class CollectFn extends DoFn<WindowResult, Void> {
    private final String into;

    CollectFn(String into) {
      this.into = into;
    }

    @ProcessElement
    public void process(@Element WindowResult pane) {
      PANES
          .computeIfAbsent(into, k -> new ConcurrentLinkedQueue<>())
          .add(PerKeyWindowsTestStreamBase.pane(pane));
    }
  }
}
