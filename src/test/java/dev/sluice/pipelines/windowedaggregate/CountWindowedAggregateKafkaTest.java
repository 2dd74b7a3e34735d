package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.transforms.CountWindow;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * --countWindow=5 --countSlide=2 end to end on a real broker, bounded, on Direct and on embedded
 * Flink: the windows written equal an independent computation over the input topic (minus the bad
 * records, the repeats and this run's own late topic), and both identities add up.
 */
class CountWindowedAggregateKafkaTest {

  static final long L = 5;
  static final long D = 2;

  @Test
  void boundedRunsOnDirectAndOnFlinkWriteTheExpectedCountWindows() {
    KafkaScenario direct =
        new KafkaScenario(
            "count-direct", 3, WindowedAggregateKafkaTest.events().count(2000).build());
    direct.produceByKey();
    KafkaScenario flink = direct.sameInput("count-flink");
    String[] count = {"--countWindow=" + L, "--countSlide=" + D};
    Set<String> onDirect =
        check(direct, direct.runBounded(with(WindowedAggregateKafkaTest.DIRECT, count)));
    Set<String> onFlink =
        check(flink, flink.runBounded(with(WindowedAggregateKafkaTest.FLINK, count)));
    // Same input, same late events (the gate judges by the source's watermark): same windows.
    assertEquals(direct.lateOrigins(), flink.lateOrigins());
    assertEquals(onDirect, onFlink);
  }

  private static String[] with(String[] runner, String[] extra) {
    List<String> all = new ArrayList<>(List.of(runner));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  /** Checks one run against the input topic; returns its windows as comparable strings. */
  private static Set<String> check(KafkaScenario s, RunSummary summary) {
    String all = summary.format();
    long admitted = summary.counter(SluiceMetrics.AGGREGATED);
    assertTrue(admitted > 1000, all);
    assertEquals(admitted, summary.counter(SluiceMetrics.COUNT_IN), all);
    assertEquals(0, summary.counter(SluiceMetrics.COUNT_PENDING), all);
    assertTrue(WindowedAggregatePipeline.SPEC.accounting().balanced(summary), all);
    List<ConsumerRecord<String, String>> late = s.lateRecords();
    assertEquals(
        summary.counter(SluiceMetrics.LATE) + summary.counter(SluiceMetrics.COUNT_LATE),
        late.size(),
        all);

    Set<String> expected = expected(s.inputRecords(), new HashSet<>(s.lateOrigins()));
    Set<String> written = new TreeSet<>();
    List<String> json = s.resultValues();
    json.forEach(j -> written.add(describe(CountWindow.fromJson(j))));
    assertEquals(json.size(), written.size(), "a window was written twice");
    assertEquals(expected, written);
    assertEquals(summary.counter(SluiceMetrics.COUNT_WINDOWS_OUT), written.size(), all);
    return written;
  }

  /**
   * The windows by definition: valid events, one per (source, id), not on the late topic, per key
   * in (time, source, id) order, W_i = positions i*D+1 .. i*D+L.
   */
  private static Set<String> expected(
      List<ConsumerRecord<byte[], byte[]>> input, Set<String> lateOrigins) {
    EventParser parser =
        new EventParser(java.time.Duration.ofHours(1)).requiring(new ReadingExtractor("value"));
    Map<String, List<Event>> byKey = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : input) {
      if (lateOrigins.contains(r.topic() + "/" + r.partition() + "/" + r.offset())) {
        continue;
      }
      ParseResult p = parser.parse(KafkaRecords.toRaw(r));
      if (!p.isValid() || !seen.add(p.event().source() + "\n" + p.event().id())) {
        continue;
      }
      byKey.computeIfAbsent(p.event().key(), k -> new ArrayList<>()).add(p.event());
    }
    ReadingExtractor reading = new ReadingExtractor("value");
    Set<String> windows = new TreeSet<>();
    byKey.forEach(
        (key, events) -> {
          events.sort(
              Comparator.comparingLong(Event::eventTimeMillis)
                  .thenComparing(Event::source)
                  .thenComparing(Event::id));
          for (long i = 0; i * D + L <= events.size(); i++) {
            List<Event> w = events.subList((int) (i * D), (int) (i * D + L));
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Event e : w) {
              double v = reading.read(e);
              sum += v;
              min = Math.min(min, v);
              max = Math.max(max, v);
            }
            windows.add(
                describe(
                    new CountWindow(
                        key,
                        i,
                        i * D + 1,
                        i * D + L,
                        java.time.Instant.ofEpochMilli(w.get(0).eventTimeMillis()),
                        java.time.Instant.ofEpochMilli(w.get(w.size() - 1).eventTimeMillis()),
                        L,
                        sum,
                        min,
                        max,
                        sum / L)));
          }
        });
    return windows;
  }

  private static String describe(CountWindow w) {
    return w.toJson();
  }
}
