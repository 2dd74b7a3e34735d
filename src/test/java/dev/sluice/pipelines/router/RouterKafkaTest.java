package dev.sluice.pipelines.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kafka.Topics;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.RunSummary;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming router on a real broker takes a new rule set while it runs: events before the rule
 * record's timestamp keep the old routes, events from then on take the new ones; a bounded replay
 * of the same topics afterwards routes every event the same way.
 */
class RouterKafkaTest {

  @TempDir Path dir;

  @Test
  void aRuleSetPublishedWhileTheJobRunsAppliesFromItsTimestampAndAReplayAgrees() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String events = SharedKafka.newTopic("router-events", 2);
    String rulesTopic = SharedKafka.newTopic("router-rules", 1);
    String dead = SharedKafka.newTopic("router-dead", 1);
    String suffix = events.substring(events.lastIndexOf('-'));
    String other = "other" + suffix, alerts = "alerts" + suffix, audit = "audit" + suffix;
    final List<String> outputs = List.of(other, alerts, audit);
    for (String t : outputs) {
      Topics.create(Map.of("bootstrap.servers", servers), t, 1, Map.of());
    }
    Path startup = dir.resolve("rules.yaml");
    Files.writeString(
        startup,
        "version: 1\ndefault: "
            + other
            + "\nroutes:\n"
            + "  - {name: hot, to: ["
            + alerts
            + "], when: {field: data.value, range: {min: 90}}}\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--bootstrapServers=" + servers,
                "--inputTopic=" + events,
                "--deadLetterTopic=" + dead,
                "--rulesFile=" + startup,
                "--rulesTopic=" + rulesTopic,
                "--routeTopics=" + audit,
                "--groupId=" + events,
                "--maxOutOfOrderness=3s",
                "--idleTimeout=2s",
                "--blockOnRun=false"));
    RouterPipeline.Options options = RouterPipeline.SPEC.parse(args.toArray(new String[0]));
    PipelineResult job = RouterPipeline.build(options).run();
    Instant published;
    int beforeSwitch;
    try (SteadyReadings readings = new SteadyReadings(servers, events)) {
      // Readings of 60 at the wall clock's time: version 1 sends them to the default topic.
      awaitRecords(job, servers, List.of(other), 20, Duration.ofSeconds(90));
      RuleSet v2 =
          RuleSet.parse(
              "version: 2\ndefault: "
                  + other
                  + "\nroutes:\n"
                  + "  - {name: warm, to: ["
                  + alerts
                  + ", "
                  + audit
                  + "],"
                  + " when: {field: data.value, range: {min: 50}}}\n");
      published =
          Instant.ofEpochMilli(RulesTopic.publish(client(servers), rulesTopic, v2).timestamp());
      beforeSwitch = readings.sent();
      // A broken rule set changes nothing.
      producer(servers).send(new ProducerRecord<>(rulesTopic, RulesTopic.KEY, "version: [")).get();
      awaitRecords(job, servers, List.of(audit), 20, Duration.ofSeconds(90));
      readings.close();
      awaitQuiet(servers, outputs);
    } finally {
      job.cancel();
    }
    Map<String, Integer> liveEnds = new TreeMap<>();
    outputs.forEach(t -> liveEnds.put(t, TopicSnapshot.values(servers, t).size()));
    Map<String, String> live = routing(servers, outputs, Map.of());
    assertTrue(live.size() >= beforeSwitch, live.size() + " routed, " + beforeSwitch + " sent");
    for (Map.Entry<String, String> e : live.entrySet()) {
      Instant t = Instant.parse(e.getKey().split("\\|")[1]);
      String expected = t.isBefore(published) ? "v1:" + other : "v2:" + alerts + "+" + audit;
      assertEquals(expected, e.getValue(), e.getKey() + " (rules published " + published + ")");
    }

    // The audit recomputes every due event's routes from the input and the rules topic.
    dev.sluice.kit.AuditReport report = RouterPipeline.SPEC.audit(options);
    assertTrue(report.clean(), report.format());
    assertTrue(report.checked() > 20, report.format());

    // The same input replayed (bounded, from the beginning) routes every event as it was live.
    List<String> replay = new ArrayList<>(args);
    replay.removeIf(a -> a.startsWith("--blockOnRun"));
    replay.add("--bounded=true");
    RouterPipeline.Options replayOptions = RouterPipeline.SPEC.parse(replay.toArray(new String[0]));
    RunSummary summary =
        PipelineRun.execute(
            "router", RouterPipeline.build(replayOptions), replayOptions, System.err);
    assertTrue(summary.succeeded(), summary.format());
    assertTrue(RouterPipeline.SPEC.accounting().balanced(summary), summary.format());
    assertEquals(1, summary.counter(RouterMetrics.REFUSED), summary.format());
    Map<String, String> replayed = routing(servers, outputs, liveEnds);
    for (Map.Entry<String, String> e : live.entrySet()) {
      assertEquals(e.getValue(), replayed.get(e.getKey()), "replay of " + e.getKey());
    }
  }

  /**
   * event id|time -> "vN:topic+topic" from the version headers of the routed copies, skipping the
   * first {@code skip} records of each topic.
   */
  private static Map<String, String> routing(
      String servers, List<String> topics, Map<String, Integer> skip) {
    Map<String, String> byEvent = new TreeMap<>();
    for (String topic : topics) {
      List<ConsumerRecord<byte[], byte[]>> all = TopicSnapshot.readAllBytes(servers, topic);
      for (ConsumerRecord<byte[], byte[]> r :
          all.subList(skip.getOrDefault(topic, 0), all.size())) {
        String json = new String(r.value(), StandardCharsets.UTF_8);
        String id = json.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String time = json.replaceAll(".*\"time\":\"([^\"]+)\".*", "$1");
        String version =
            new String(
                r.headers().lastHeader(RouteByRulesFn.VERSION_HEADER).value(),
                StandardCharsets.UTF_8);
        byEvent.merge(
            id + "|" + time,
            "v" + version + ":" + topic,
            (a, b) -> a + "+" + b.substring(b.indexOf(':') + 1));
      }
    }
    return byEvent;
  }

  private static void awaitRecords(
      PipelineResult job, String servers, List<String> topics, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int have = 0;
      for (String t : topics) {
        have += TopicSnapshot.values(servers, t).size();
      }
      if (have >= n) {
        return;
      }
      if (System.nanoTime() > deadline || job.getState().isTerminal()) {
        job.waitUntilFinish(org.joda.time.Duration.standardSeconds(1));
        throw new AssertionError(
            have
                + " of "
                + n
                + " records on "
                + topics
                + "; job "
                + job.getState()
                + ", counters "
                + RunSummary.counters(job));
      }
      Thread.sleep(500);
    }
  }

  /** Waits until the job has written nothing new for three seconds (it has routed what is due). */
  private static void awaitQuiet(String servers, List<String> topics) throws InterruptedException {
    int last = -1;
    int quietFor = 0;
    while (quietFor < 6) {
      int now = 0;
      for (String t : topics) {
        now += TopicSnapshot.values(servers, t).size();
      }
      quietFor = now == last ? quietFor + 1 : 0;
      last = now;
      Thread.sleep(500);
    }
  }

  private static Map<String, Object> client(String servers) {
    return Map.of("bootstrap.servers", servers);
  }

  private static KafkaProducer<String, String> producer(String servers) {
    return new KafkaProducer<>(client(servers), new StringSerializer(), new StringSerializer());
  }

  /**
   * Readings of 60 at the wall clock's time, five a second, until closed: they keep the watermark
   * moving, since an event waits until the watermark passes its time.
   */
  private static final class SteadyReadings implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;

    SteadyReadings(String servers, String topic) {
      thread =
          new Thread(
              () -> {
                try (KafkaProducer<String, String> producer = producer(servers)) {
                  while (running.get()) {
                    String id = "r-" + sent.get();
                    producer
                        .send(
                            new ProducerRecord<>(
                                topic,
                                id,
                                CloudEvents.json(
                                    "/sensors/t", id, "dev-" + sent.get() % 5, Instant.now(), 60)))
                        .get();
                    sent.incrementAndGet();
                    Thread.sleep(200);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              "steady-readings");
      thread.start();
    }

    int sent() {
      return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
