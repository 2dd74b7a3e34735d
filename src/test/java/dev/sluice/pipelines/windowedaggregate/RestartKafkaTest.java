package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.SharedKafka;
import dev.sluice.time.EventWindows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: Ctrl-C while windows are open, then the same command with the same {@code --groupId}.
 * On Direct and on an embedded Flink cluster the windows' state dies with the process, so the run
 * commits no offsets and the restart reads from the beginning: nothing is lost, earlier panes are
 * written again (reported as repeats).
 */
class RestartKafkaTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {
    "--runner=FlinkRunner", "--streaming=true", "--parallelism=2", "--attachedMode=false"
  };

  @Test
  void stopAndRestartOnDirectLosesNothing() throws Exception {
    stopAndRestart("restart-direct", 1200, DIRECT);
  }

  @Test
  void stopAndRestartOnEmbeddedFlinkLosesNothing() throws Exception {
    stopAndRestart("restart-flink", 600, FLINK);
  }

  private void stopAndRestart(String name, int events, String[] runner) throws Exception {
    dev.sluice.generator.GeneratorConfig config =
        WindowedAggregateKafkaTest.events().count(events).build();
    KafkaScenario s = new KafkaScenario(name, 3, config);
    EventWindows windows =
        new EventWindows(
            org.joda.time.Duration.standardSeconds(10), org.joda.time.Duration.standardSeconds(30));
    int half = s.generatedCount() / 2;
    s.produceByKey(0, half);

    // First run: stopped once some windows have fired, the later ones still open.
    PipelineResult first = s.startStreaming(runner);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (s.resultJson().size() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    } finally {
      first.cancel();
    }
    int firstPanes = s.resultJson().size();
    assertTrue(firstPanes >= 5, "the first run wrote " + firstPanes + " panes");
    WindowedAggregateReport afterStop = s.audit(windows);
    System.err.println("after the stop:\n" + afterStop.format());
    assertTrue(afterStop.windowsOpen() > 0, "no window was open at the stop");
    assertEquals(Map.of(), committedOffsets(s), "offsets committed without durable state");

    // More input while stopped, then the same command again (same --groupId) until caught up.
    s.produceByKey(half, s.generatedCount());
    // One event well past the rest in every partition: every window becomes final for the job and
    // for the audit (its own watermark), so all of them are checked.
    java.time.Instant flush =
        config
            .startTime()
            .plus(Duration.ofSeconds(events / 20 + 120))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    s.produceToEveryPartition(
        dev.sluice.testing.CloudEvents.json("/sensors/flush", "flush", "zz-flush", flush, 0.0));
    PipelineResult second = s.startStreaming(runner);
    WindowedAggregateReport report;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      report = s.audit(windows);
      while ((report.lost() > 0 || report.windowsOpen() > 1) && System.nanoTime() < deadline) {
        Thread.sleep(2000);
        report = s.audit(windows);
      }
    } finally {
      second.cancel();
    }
    report = s.audit(windows);
    System.err.println("after the restart:\n" + report.format());
    assertEquals(0, report.eventsLost(), report.format());
    assertEquals(0, report.deadLettersMissing(), report.format());
    assertEquals(0, report.eventsCountedTwice(), report.format());
    assertEquals(0, report.valueMismatches(), report.format());
    assertEquals(0, report.lateNotValid(), report.format());
    assertTrue(
        report.windowsOpen() <= 1, "beyond the flush event's own window: " + report.format());
    assertTrue(report.windowsChecked() > afterStop.windowsChecked(), report.format());
    // The restart started over: the first run's panes are there again, counted as repeats.
    assertTrue(report.panesRepeated() > 0, report.format());
    assertEquals(Map.of(), committedOffsets(s), "offsets committed without durable state");
    List<String> all = s.resultJson();
    assertTrue(all.size() > firstPanes, "the restart wrote nothing");
  }

  /** What the scenario's consumer group (named after its input topic) has committed. */
  private static Map<?, ?> committedOffsets(KafkaScenario s) throws Exception {
    String group = s.optionsWith(DIRECT).getGroupId();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
  }
}
