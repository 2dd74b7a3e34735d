package dev.sluice.pipelines.windowedaggregate;

import static dev.sluice.testing.Runners.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.LateEvent;
import dev.sluice.kafka.ReplayRun;
import dev.sluice.kafka.SkipWritten;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.KilledRun;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 4: a --bounded run killed with SIGKILL while writing, then the same command with
 * {@code --resume=ID}. Every output topic must end as a clean run's does: each result, dead letter
 * and late event once (read_committed), none missing.
 */
class ResumeKafkaTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};
  static final String[] FLINK = {"--runner=FlinkRunner", "--streaming=true", "--parallelism=2"};

  /** Killed once results are being written: some of them, and every diversion, are there. */
  @Test
  void aKilledRunOnDirectIsCompletedWithOneCopyOfEachRecord() throws Exception {
    killAndResume("resume-direct", 6000, true, DIRECT);
  }

  /**
   * Killed at the first committed transaction, before any result: the resume aborts the one the
   * killed run left open, reuses its sink group and writes the rest exactly once.
   */
  @Test
  void aKilledExactlyOnceRunOnDirectResumesWithTheSameSinkGroup() throws Exception {
    String group = "resume-eos-" + UUID.randomUUID();
    killAndResume(
        "resume-eos", 6000, false, DIRECT, "--exactlyOnce=true", "--sinkGroupId=" + group);
  }

  /**
   * A Flink replay streams, and its panes may split differently on a second run: it says so before
   * it starts instead of leaving two versions of a window.
   */
  @Test
  void aResumeOnFlinkIsRefusedBeforeItStarts() {
    KafkaScenario s =
        new KafkaScenario(
            "resume-refused", 1, WindowedAggregateKafkaTest.events().count(10).build());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> s.runBounded(with(FLINK, "--resume=any-run")));
    assertTrue(e.getMessage().startsWith("--resume works on the DirectRunner"), e.getMessage());
  }

  /** What a --resume cannot complete is refused in one line naming the fix. */
  @Test
  void aResumeOfAnUnknownRunOrOfAStreamingJobIsRefused() {
    KafkaScenario s =
        new KafkaScenario(
            "resume-unknown", 1, WindowedAggregateKafkaTest.events().count(10).build());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.runBounded(with(DIRECT, "--resume=no-such-run")));
    assertTrue(unknown.getMessage().startsWith("no run no-such-run on "), unknown.getMessage());
    IllegalArgumentException streaming =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.startStreaming(with(DIRECT, "--resume=no-such-run")));
    assertTrue(
        streaming.getMessage().startsWith("--resume completes a --bounded replay"),
        streaming.getMessage());
  }

  /**
   * @param atFirstResult kill once a result is readable; otherwise once anything is
   */
  private void killAndResume(
      String name, int events, boolean atFirstResult, String[] runner, String... delivery)
      throws Exception {
    KafkaScenario s =
        new KafkaScenario(name, 3, WindowedAggregateKafkaTest.events().count(events).build());
    s.produceByKey();
    KafkaScenario clean = s.sameInput(name + "-clean");
    clean.runBounded(with(runner, delivery));

    String run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    String[] flags = s.flags(runner, with(delivery, "--bounded=true", "--runId=" + run));
    long crashed =
        killOnFirstRecord(
            s, atFirstResult ? s.outputTopics().subList(0, 1) : s.outputTopics(), flags);
    long complete = all(clean).size();
    assertTrue(
        crashed > 0 && crashed < complete,
        "the killed run left " + crashed + " of " + complete + " records: not a partial run");

    RunSummary resumed = s.runBounded(with(runner, with(delivery, "--resume=" + run)));
    // Every record the killed run wrote was made again and left out, no more, no fewer.
    assertEquals(crashed, resumed.counters().get(SkipWritten.ALREADY_WRITTEN), resumed.format());

    assertEquals(multiset(all(clean)), multiset(all(s)), "outputs differ from a clean run's");
    Map<String, Integer> panes = new TreeMap<>();
    s.resultValues().forEach(v -> panes.merge(paneId(v), 1, Integer::sum));
    panes.forEach((pane, n) -> assertEquals(1, n, "pane written twice: " + pane));
    assertEquals(
        byOrigin(clean.deadLetters(), DeadLetterFormat.OFFSET),
        byOrigin(s.deadLetters(), DeadLetterFormat.OFFSET));
    for (ConsumerRecord<byte[], byte[]> r : all(s)) {
      Header h = r.headers().lastHeader(ReplayRun.HEADER);
      assertEquals(run, new String(h.value(), StandardCharsets.UTF_8));
    }
    System.err.printf(
        "%s: killed run left %d of %d records; the resume wrote the other %d%n",
        name, crashed, complete, complete - crashed);
  }

  /** Runs the pipeline in its own JVM, kills it at the first readable record of {@code watched}. */
  private static long killOnFirstRecord(KafkaScenario s, List<String> watched, String[] flags)
      throws Exception {
    KilledRun.killAtFirstRecord(WindowedAggregatePipeline.class.getName(), List.of(flags), watched);
    return all(s).size();
  }

  /** Every record on the run's output topics, read_committed. */
  private static List<ConsumerRecord<byte[], byte[]>> all(KafkaScenario s) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    for (String topic : s.outputTopics()) {
      all.addAll(TopicSnapshot.readAllBytes(SharedKafka.bootstrapServers(), topic));
    }
    return all;
  }

  /**
   * Each record as its topic's role, key and value (results' values hold their pane), dead letters
   * and late events by where they came from; counted.
   */
  private static Map<String, Integer> multiset(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, Integer> counted = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String role =
          r.topic().contains("-dead-letters")
              ? "dead " + header(r, DeadLetterFormat.OFFSET)
              : r.topic().contains("-late")
                  ? "late " + header(r, LateEvent.ORIGIN_HEADER)
                  : "result ";
      String id =
          role.startsWith("result")
              ? role + text(r.key()) + " " + withoutIsLast(text(r.value()))
              : role + " " + header(r, DeadLetterFormat.PARTITION) + " " + text(r.value());
      counted.merge(id, 1, Integer::sum);
    }
    return counted;
  }

  /**
   * A result without its isLast flag. On Direct a window's end-of-window and expiry timers are
   * delivered together (isLast true) or in two rounds (false), depending on load, so two runs of
   * the same input may differ in that flag alone; readers keep the highest paneIndex anyway.
   */
  private static String withoutIsLast(String json) {
    return json.replaceAll(",\\s*\"isLast\":(true|false)", "");
  }

  /** key|windowStart|windowEnd|paneIndex of a result. */
  private static String paneId(String json) {
    WindowResult r = WindowResult.fromJson(json);
    return r.key() + "|" + r.windowStart() + "|" + r.windowEnd() + "|" + r.paneIndex();
  }

  private static Map<String, Integer> byOrigin(
      List<ConsumerRecord<byte[], byte[]>> deadLetters, String header) {
    Map<String, Integer> counted = new TreeMap<>();
    deadLetters.forEach(
        d ->
            counted.merge(
                header(d, DeadLetterFormat.PARTITION) + "/" + header(d, header), 1, Integer::sum));
    return counted;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
  }
}
