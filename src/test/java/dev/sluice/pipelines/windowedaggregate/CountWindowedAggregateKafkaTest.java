package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.testing.Runners.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.time.SettlingClock;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * --countWindow=5 --countSlide=2 end to end on a real broker, bounded, on Direct and on embedded
 * Flink: the windows written equal an independent computation over the input topic (minus the bad
 * records, the repeats and this run's own late topic), and both identities add up. The audit
 * (through the spec, as {@code sluice audit} runs it) finds each run clean and catches tampering.
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
    String[] onDirectFlags = with(WindowedAggregateKafkaTest.DIRECT, count);
    String[] onFlinkFlags = with(WindowedAggregateKafkaTest.FLINK, count);
    Set<String> onDirect = check(direct, direct.runBounded(onDirectFlags));
    Set<String> onFlink = check(flink, flink.runBounded(onFlinkFlags));
    // Same input, same late events (the gate judges by the source's watermark): same windows.
    assertEquals(direct.lateOrigins(), flink.lateOrigins());
    assertEquals(onDirect, onFlink);
    assertAuditClean(flink.optionsWith(onFlinkFlags));
    auditCatchesTampering(direct.optionsWith(onDirectFlags));
  }

  /** `sluice audit windowed-aggregate --countWindow=...` on the run: clean, with windows judged. */
  private static void assertAuditClean(WindowedAggregatePipeline.Options options) {
    AuditReport report = WindowedAggregatePipeline.SPEC.audit(options);
    System.err.println(report.format());
    assertInstanceOf(CountWindowReport.class, report, report.format());
    assertTrue(report.clean(), report.format());
    assertTrue(report.checked() > 100, report.format());
    assertTrue(report.format().endsWith("CLEAN: lost 0, duplicated 0"), report.format());
  }

  /**
   * A window removed and one altered (in hand), then an altered copy of a final window and a window
   * the input never makes written to the output topic: each is caught.
   */
  private static void auditCatchesTampering(WindowedAggregatePipeline.Options options) {
    assertAuditClean(options);
    ReadingExtractor reading = new ReadingExtractor(options.getValueField());
    CountWindowAudit audit =
        new CountWindowAudit(
            new SettlingClock(CountWindowedAggregate.gateWindows(options)),
            CountWindowedAggregate.settings(options),
            reading);
    AuditedInput input = AuditedInput.read(options, Ingest.parser(options).requiring(reading));
    List<String> written =
        new ArrayList<>(
            TopicSnapshot.values(options.getBootstrapServers(), options.getOutputTopic()));
    // Earliest first: final by any horizon.
    written.sort(Comparator.comparing(j -> CountWindow.fromJson(j).lastTime()));
    List<String> tampered = new ArrayList<>(written);
    tampered.remove(0);
    tampered.set(1, altered(tampered.get(1)));
    CountWindowReport inHand = audit.audit(input, tampered);
    assertFalse(inHand.clean(), inHand.format());
    assertEquals(1, inHand.windows().lost(), inHand.format());
    assertEquals(1, inHand.windows().wrong(), inHand.format());

    CountWindow first = CountWindow.fromJson(written.get(0));
    CountWindow never =
        new CountWindow("no-such-key", 0, 1, L, first.firstTime(), first.lastTime(), L, L, 1, 1, 1);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", options.getBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(
          new ProducerRecord<>(options.getOutputTopic(), first.key(), altered(written.get(0))));
      producer.send(new ProducerRecord<>(options.getOutputTopic(), never.key(), never.toJson()));
      producer.flush();
    }
    CountWindowReport onTopic = (CountWindowReport) WindowedAggregatePipeline.SPEC.audit(options);
    System.err.println(onTopic.format());
    assertFalse(onTopic.clean(), onTopic.format());
    assertTrue(onTopic.format().contains("NOT CLEAN"), onTopic.format());
    assertEquals(1, onTopic.windows().repeated(), onTopic.format());
    assertEquals(1, onTopic.windows().unexpected(), onTopic.format());
    assertEquals(0, onTopic.windows().lost() + onTopic.windows().wrong(), onTopic.format());
  }

  /** The same window with another sum. */
  private static String altered(String json) {
    CountWindow w = CountWindow.fromJson(json);
    return new CountWindow(
            w.key(),
            w.index(),
            w.firstPosition(),
            w.lastPosition(),
            w.firstTime(),
            w.lastTime(),
            w.count(),
            w.sum() + 1,
            w.min(),
            w.max(),
            w.avg())
        .toJson();
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
