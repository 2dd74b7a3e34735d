package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.RecordKind;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the harness that decide what "equal" means; no broker needed. */
class BenchLogicTest {

  private static WindowResult result(long count, double sum) {
    return new WindowResult(
        "k",
        Instant.EPOCH,
        Instant.ofEpochMilli(10_000),
        count,
        sum,
        1,
        2,
        sum / count,
        "ON_TIME",
        0,
        false);
  }

  @Test
  void sumsMayDifferByRoundingButCountsMayNot() {
    Map<String, WindowResult> reference = Map.of("k|0", result(3, 0.1 + 0.2 + 0.3));
    assertTrue(Verdict.compare(reference, Map.of("k|0", result(3, 0.3 + 0.2 + 0.1))).equal());
    assertFalse(Verdict.compare(reference, Map.of("k|0", result(4, 0.6))).equal());
    Verdict extra = Verdict.compare(reference, Map.of("k|0", result(3, 0.6), "j|0", result(1, 1)));
    assertEquals(1, extra.extra());
  }

  @Test
  void readsTheGeneratorsEvents() {
    GeneratorConfig config = Workload.of(100).mainStream();
    EventGenerator gen = new EventGenerator(config);
    var record = gen.next();
    Reading r = Reading.parse(record.value());
    assertEquals(record.key(), r.key);
    assertEquals(record.eventTime().toEpochMilli(), r.timeMillis);
    assertEquals(record.dataValue(), r.value);
    assertNull(Reading.parse("not json".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void farLateEventsLieBeforeEveryWindowOfTheMainStream() {
    Workload w = Workload.of(10_000);
    GeneratorConfig main = w.mainStream();
    GeneratorConfig far = w.farLateStream(main.startTime());
    long horizon =
        main.startTime().toEpochMilli()
            - Semantics.WINDOW_MS
            - Semantics.ALLOWED_LATENESS_MS
            - Semantics.OUT_OF_ORDERNESS_MS;
    EventGenerator gen = new EventGenerator(far);
    while (gen.hasNext()) {
      assertTrue(gen.next().eventTime().toEpochMilli() < horizon - 3_600_000L);
    }
  }

  @Test
  void mainStreamHasOnlyOnTimeAndLateWithinEvents() {
    EventGenerator gen = new EventGenerator(Workload.of(20_000).mainStream());
    while (gen.hasNext()) {
      RecordKind kind = gen.next().kind();
      assertTrue(kind == RecordKind.ON_TIME || kind == RecordKind.LATE_WITHIN, kind.name());
    }
  }

  @Test
  void windowsAlignToTenSeconds() {
    assertEquals(0, Semantics.windowStart(9_999));
    assertEquals(10_000, Semantics.windowStart(10_000));
    assertEquals(-10_000, Semantics.windowStart(-1));
  }

  @Test
  void aPlainLoopMustWriteWhatItsPipelineWroteInTheSameRun() {
    Verdict ok = Verdict.compare(Map.of(), Map.of());
    Map<Contender, List<Measurement>> measured = new EnumMap<>(Contender.class);
    measured.put(
        Contender.ROUTER,
        List.of(run(Contender.ROUTER, 1, 51_200, ok), run(Contender.ROUTER, 2, 51_200, ok)));
    assertTrue(
        BenchMain.sameOutput(run(Contender.ROUTER_LOOP, 2, 51_200, ok), measured)
            .verdict()
            .equal());
    Verdict fewer =
        BenchMain.sameOutput(run(Contender.ROUTER_LOOP, 2, 51_199, ok), measured).verdict();
    assertFalse(fewer.equal());
    assertEquals(List.of("wrote 51,199 records, router 51,200"), fewer.examples());
  }

  private static Measurement run(Contender c, int run, long results, Verdict v) {
    return new Measurement(c, run, 50_000, 10, 5, 1 << 20, results, v, 1, 1.0);
  }
}
