package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.Runners;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;

/**
 * Replay equals live, on a real broker, for sliding windows and sessions: last month's events
 * (late, out of order, repeated, malformed) are produced in bursts while a streaming Direct job
 * reads them; then a {@code --bounded} replay of the same topic writes its own outputs. Their final
 * panes and late events must be identical, and both audits clean; a bounded replay on Flink
 * (KafkaIO, streaming mode) too.
 *
 * <p>The condition: lateness depends only on each partition's records in offset order (the source's
 * per-partition watermark, which both runs compute alike), so the live run must not let idleness
 * move a watermark ({@code --idleTimeout} longer than any silence), and the comparison covers the
 * windows final in the live run: a last record in every partition, far in event time, moves every
 * watermark past them. A watermark moved by idleness would make live runs divert events a replay
 * admits.
 */
class TimeWindowsReplayKafkaTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {"--runner=FlinkRunner", "--streaming=true", "--parallelism=2"};
  static final String FLUSH_KEY = "zz-flush";

  static GeneratorConfig lastMonth() {
    return GeneratorConfig.builder()
        .seed(20261202)
        .count(1200)
        .keys(30)
        .eventsPerSecondOfEventTime(20)
        .maxOutOfOrderness(Duration.ofSeconds(5))
        .window(Duration.ofSeconds(10))
        .allowedLateness(Duration.ofSeconds(30))
        .lateWithinShare(0.03)
        .lateBeyondShare(0.03)
        .duplicateShare(0.03)
        .malformedShare(0.01)
        .startTime(Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES))
        .build();
  }

  @Test
  void slidingWindowsReplayEqualsLive() throws Exception {
    replayEqualsLive(
        "sliding",
        EventWindows.sliding(
            org.joda.time.Duration.standardSeconds(10),
            org.joda.time.Duration.standardSeconds(5),
            org.joda.time.Duration.standardSeconds(30)),
        "--windowing=sliding",
        "--slide=5s");
  }

  @Test
  void sessionsReplayEqualsLive() throws Exception {
    replayEqualsLive(
        "session",
        EventWindows.sessions(
            org.joda.time.Duration.standardSeconds(3), org.joda.time.Duration.standardSeconds(30)),
        "--windowing=session",
        "--gap=3s");
  }

  private void replayEqualsLive(String name, EventWindows windows, String... flags)
      throws Exception {
    GeneratorConfig config = lastMonth();
    KafkaScenario live = new KafkaScenario("live-" + name, 3, config);
    KafkaScenario replay = live.sameInput("replay-" + name);
    KafkaScenario onFlink = live.sameInput("flink-" + name);
    String[] liveArgs = Runners.with(Runners.with(DIRECT, flags), "--idleTimeout=10m");
    PipelineResult job = live.startStreaming(liveArgs);
    List<String> liveResults;
    try {
      int n = live.generatedCount();
      for (int burst = 0; burst < 3; burst++) {
        live.produceByKey(burst * n / 3, (burst + 1) * n / 3);
        Thread.sleep(2000);
      }
      Instant end = config.startTime().plus(Duration.ofMinutes(10));
      live.produceToEveryPartition(
          CloudEvents.json("/sensors/flush", "flush", FLUSH_KEY, end, 0.0));
      liveResults = untilSettled(live, Duration.ofSeconds(150));
    } finally {
      job.cancel();
    }
    RunSummary replayed = replay.runBounded(Runners.with(DIRECT, flags));

    Map<String, String> liveFinal = finals(liveResults);
    Map<String, String> replayFinal = finals(replay.resultJson());
    assertTrue(liveFinal.size() > 50, "only " + liveFinal.size() + " windows");
    assertEquals(replayFinal, liveFinal);
    assertEquals(replay.lateOrigins(), live.lateOrigins());
    // Flink replays through KafkaIO in streaming mode, its gate's clock running: the same again.
    onFlink.runBounded(Runners.with(FLINK, flags));
    assertEquals(replayFinal, finals(onFlink.resultJson()));
    assertEquals(replay.lateOrigins(), onFlink.lateOrigins());
    assertTrue(replayed.counter(SluiceMetrics.LATE) > 0, replayed.format());

    // Conservation on the output: final panes hold every admitted event windows/event times over.
    long inFinalPanes = 0;
    for (Map.Entry<String, WindowResult> e :
        WindowResult.finalPanes(replay.resultJson()).entrySet()) {
      inFinalPanes += e.getValue().count();
    }
    assertEquals(
        windows.windowsPerEvent() * replayed.counter(SluiceMetrics.AGGREGATED),
        inFinalPanes,
        replayed.format());
    assertEquals(
        windows.windowsPerEvent() * replayed.counter(SluiceMetrics.AGGREGATED),
        replayed.counter(SluiceMetrics.WINDOW_MEMBERSHIPS),
        replayed.format());

    WindowedAggregateReport liveAudit = live.audit(windows);
    WindowedAggregateReport replayAudit = replay.audit(windows);
    assertTrue(liveAudit.clean(), liveAudit.format());
    assertTrue(replayAudit.clean(), replayAudit.format());
    assertTrue(replayAudit.windowsChecked() > 50, replayAudit.format());
    auditNoticesALostWindow(replay, windows);
  }

  /** Every pane of the earliest final window (final long ago) goes missing: the audit says so. */
  private static void auditNoticesALostWindow(KafkaScenario s, EventWindows windows) {
    List<String> json = s.resultJson();
    WindowResult first =
        WindowResult.finalPanes(json).values().stream()
            .min(java.util.Comparator.comparing(WindowResult::windowStart))
            .orElseThrow();
    List<String> missing =
        json.stream()
            .filter(
                j ->
                    !WindowResult.windowId(WindowResult.fromJson(j))
                        .equals(WindowResult.windowId(first)))
            .toList();
    WindowedAggregateReport lost = s.audit(windows, missing);
    assertEquals(first.count(), lost.lost(), lost.format());
    List<String> twice = new java.util.ArrayList<>(json);
    twice.add(json.get(0));
    assertEquals(1, s.audit(windows, twice).duplicated());
  }

  /** Polls the results until they stop changing for a while (the live job has nothing left). */
  private static List<String> untilSettled(KafkaScenario s, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> last = List.of();
    int stable = 0;
    while (System.nanoTime() < deadline && stable < 4) {
      Thread.sleep(2000);
      List<String> now = s.resultJson();
      stable = !now.isEmpty() && now.size() == last.size() ? stable + 1 : 0;
      last = now;
    }
    return last;
  }

  /**
   * Final pane per window but the flush key's; values only (pane timing differs: batch is on time).
   */
  private static Map<String, String> finals(List<String> resultJson) {
    Map<String, String> out = new TreeMap<>();
    WindowResult.finalPanes(resultJson)
        .forEach(
            (id, r) -> {
              if (!r.key().equals(FLUSH_KEY)) {
                // Sums rounded: the runs may add the same readings in another order.
                out.put(id, String.format("%d/%.6f/%s/%s", r.count(), r.sum(), r.min(), r.max()));
              }
            });
    return out;
  }
}
