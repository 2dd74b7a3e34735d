package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.RecordKind;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.ExpectedAggregates;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real broker: generated events (late, out of order, repeated, malformed) -> a
 * windowed-aggregate run -> the topics it wrote, checked against an independent computation ({@link
 * KafkaScenario#verify}). Bounded runs on the DirectRunner and an embedded Flink cluster.
 */
class WindowedAggregateKafkaTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {"--runner=FlinkRunner", "--streaming=true", "--parallelism=2"};

  static GeneratorConfig.Builder events() {
    return GeneratorConfig.builder()
        .seed(20261126)
        .count(4000)
        .keys(40)
        .eventsPerSecondOfEventTime(20)
        .maxOutOfOrderness(Duration.ofSeconds(5))
        .window(Duration.ofSeconds(10))
        .allowedLateness(Duration.ofSeconds(30))
        .lateWithinShare(0.02)
        .lateBeyondShare(0.02)
        .duplicateShare(0.02)
        .malformedShare(0.01);
  }

  /**
   * One input, two replays: Direct reads it as a bounded source and runs in batch mode, Flink reads
   * it through KafkaIO in streaming mode. Panes differ (batch has no late panes), the outcome not.
   */
  @Test
  void boundedRunsOnDirectAndOnFlinkGiveTheSameOutcome() {
    KafkaScenario direct = new KafkaScenario("direct", 3, events().build());
    direct.produceByKey();
    KafkaScenario flink = direct.sameInput("flink");
    RunSummary onDirect = direct.runBounded(DIRECT);
    direct.verify(onDirect);
    RunSummary onFlink = flink.runBounded(FLINK);
    flink.verify(onFlink);
    for (String counter :
        new String[] {
          SluiceMetrics.READ,
          SluiceMetrics.INVALID,
          SluiceMetrics.DUPLICATES,
          SluiceMetrics.LATE,
          SluiceMetrics.AGGREGATED
        }) {
      assertEquals(onFlink.counter(counter), onDirect.counter(counter), counter);
    }
    ExpectedAggregates.assertSameFinalPanes(flink.resultsByWindow(), direct.resultsByWindow());
    assertEquals(flink.lateOrigins(), direct.lateOrigins());
    // Each partition's final watermark and lag, published by different paths on the two runners.
    assertEquals(3, onDirect.partitions().size(), onDirect.format());
    assertEquals(onDirect.partitions(), onFlink.partitions());
    assertTrue(
        direct.resultsByWindow().values().stream().allMatch(r -> r.timing().equals("ON_TIME")),
        "batch mode has one pane per window");
  }

  /**
   * Without late capture, a batch replay must still drop what streaming drops: the events the
   * source found expired, counted as dropped by lateness, and nothing else.
   */
  @Test
  void withoutLateCaptureTheDirectReplayDropsTheExpiredEvents() {
    KafkaScenario capturing = new KafkaScenario("capture-on", 3, events().count(1500).build());
    capturing.produceByKey();
    KafkaScenario dropping = capturing.sameInput("capture-off");
    RunSummary captured = capturing.runBounded(DIRECT);
    RunSummary dropped = dropping.runBounded("--runner=DirectRunner", "--captureLate=false");
    assertTrue(captured.counter(SluiceMetrics.LATE) > 0, captured.format());
    assertEquals(
        captured.counter(SluiceMetrics.LATE),
        dropped.counter(RunSummary.DROPPED_DUE_TO_LATENESS),
        dropped.format());
    assertEquals(0, dropped.counter(SluiceMetrics.LATE), dropped.format());
    assertEquals(
        captured.counter(SluiceMetrics.DUPLICATES),
        dropped.counter(SluiceMetrics.DUPLICATES),
        dropped.format());
    ExpectedAggregates.assertSameFinalPanes(
        capturing.resultsByWindow(), dropping.resultsByWindow());
  }

  /** Transactions per bundle on Direct; late records keep their original headers through them. */
  @Test
  void exactlyOnceBoundedRunOnDirect() {
    // One transaction per element on Direct: a smaller input keeps the test short.
    KafkaScenario s = new KafkaScenario("eos-direct", 3, events().count(600).build());
    s.produceByKey();
    s.verify(
        s.runBounded(
            "--runner=DirectRunner",
            "--exactlyOnce=true",
            "--sinkGroupId=eos-direct-" + System.nanoTime()));
  }

  /**
   * Settings that could not keep the exactly-once promise on Flink are refused before the job
   * starts.
   */
  @Test
  void exactlyOnceOnFlinkNeedsCheckpointingAndAStreamingJob() {
    KafkaScenario s = new KafkaScenario("eos-refused", 1, events().count(10).build());
    s.produceByKey();
    IllegalArgumentException noCheckpoints =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                s.runBounded(
                    "--runner=FlinkRunner",
                    "--streaming=true",
                    "--exactlyOnce=true",
                    "--sinkGroupId=x"));
    assertTrue(
        noCheckpoints.getMessage().contains("--checkpointingInterval"), noCheckpoints.getMessage());
    IllegalArgumentException bounded =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                s.runBounded(
                    "--runner=FlinkRunner",
                    "--streaming=true",
                    "--checkpointingInterval=1000",
                    "--exactlyOnce=true",
                    "--sinkGroupId=x"));
    assertTrue(bounded.getMessage().contains("streaming jobs"), bounded.getMessage());
  }

  @Test
  void emptyPartitionLastMonthsDataAndAFarFutureTimeOnDirect() {
    emptyPartitionLastMonthsDataAndAFarFutureTime("direct-history", DIRECT);
  }

  @Test
  void emptyPartitionLastMonthsDataAndAFarFutureTimeOnFlink() {
    emptyPartitionLastMonthsDataAndAFarFutureTime("flink-history", FLINK);
  }

  /**
   * Four partitions, the last one empty (it must not stall the replay); events from a month ago;
   * and one event dated 2099 in the middle of partition 0, which must be dead-lettered and must not
   * move the watermark (if it did, everything after it in that partition would be late).
   */
  private void emptyPartitionLastMonthsDataAndAFarFutureTime(String name, String[] runner) {
    GeneratorConfig config = events().startTime(Instant.now().minus(Duration.ofDays(30))).build();
    KafkaScenario s = new KafkaScenario(name, 4, config);
    String farFuture =
        CloudEvents.json(
            "/sensors/gw-9", "from-2099", "device-1", Instant.parse("2099-01-01T00:00:00Z"), 1.0);
    s.produceRoundRobin(3, config.count() / 3, farFuture);
    RunSummary summary = s.runBounded(runner);
    s.verify(summary);
    assertEquals(
        1,
        s.deadLetters().stream()
            .filter(
                d ->
                    new String(d.value(), StandardCharsets.UTF_8).contains("from-2099")
                        && KafkaScenario.reason(d).contains("ahead of"))
            .count());
    long late = summary.counter(SluiceMetrics.LATE);
    long generatedLate =
        s.counts().get(RecordKind.LATE_BEYOND) + s.counts().get(RecordKind.LATE_WITHIN);
    assertTrue(
        late <= generatedLate, late + " late events: the far-future time moved the watermark");
    assertTrue(
        s.resultsByWindow().values().stream()
            .allMatch(
                r ->
                    r.windowStart()
                        .toString()
                        .startsWith(config.startTime().toString().substring(0, 8))),
        "every window lies in last month's data");
  }

  /**
   * The policy never reads the wall clock: last month's data gives last month's windows, the same.
   */
  @Test
  void replayOfLastMonthGivesTheSameWindowsAsRecentData() {
    Instant recent =
        Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    Instant lastMonth = recent.minus(Duration.ofDays(30));
    KafkaScenario now = new KafkaScenario("recent", 3, events().startTime(recent).build());
    KafkaScenario then = new KafkaScenario("last-month", 3, events().startTime(lastMonth).build());
    now.produceByKey();
    then.produceByKey();
    RunSummary nowRun = now.runBounded(DIRECT);
    RunSummary thenRun = then.runBounded(DIRECT);
    now.verify(nowRun);
    then.verify(thenRun);
    // Which panes fire on time depends on how fast each run read; what each window holds does not.
    for (String counter :
        new String[] {
          SluiceMetrics.VALID,
          SluiceMetrics.DUPLICATES,
          SluiceMetrics.LATE,
          SluiceMetrics.AGGREGATED
        }) {
      assertEquals(nowRun.counter(counter), thenRun.counter(counter), counter);
    }
    assertEquals(
        shifted(now.resultsByWindow(), recent), shifted(then.resultsByWindow(), lastMonth));
  }

  private static Map<String, String> shifted(Map<String, WindowResult> results, Instant origin) {
    Map<String, String> out = new TreeMap<>();
    results.forEach(
        (k, r) ->
            out.put(
                r.key() + "@" + Duration.between(origin, r.windowStart()).toSeconds(),
                r.count() + "/" + r.sum() + "/" + r.min() + "/" + r.max()));
    return out;
  }

  /**
   * A streaming run (no --bounded) whose topic has an empty partition: without idleness that
   * partition's watermark stays at the minimum and no window ever fires.
   */
  @Test
  void streamingRunIsNotStalledByAnEmptyPartition() throws Exception {
    KafkaScenario s = new KafkaScenario("streaming", 3, events().count(1500).build());
    s.produceRoundRobin(2, Long.MAX_VALUE, null);
    List<String> results = s.runStreamingUntil(DIRECT, "--idleTimeout=2s", Duration.ofSeconds(90));
    assertTrue(
        results.size() > 10,
        "only " + results.size() + " panes: the empty partition held the watermark");
  }
}
