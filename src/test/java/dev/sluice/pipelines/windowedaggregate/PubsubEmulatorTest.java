package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.PubsubInputOptions;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.ExpectedAggregates;
import dev.sluice.testing.PubsubEmulator;
import dev.sluice.testing.Runners;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --source=pubsub} end to end on the Direct runner: Google's Pub/Sub emulator in, the real
 * broker out. Structured and binary-mode ({@code ce-*} attributes) CloudEvents are aggregated by
 * their CloudEvent time, a redelivered id counts once, an event whose window had expired when it
 * was read reaches the late topic, and a message that is no CloudEvent reaches the dead-letter
 * topic byte for byte with its reason and origin.
 */
class PubsubEmulatorTest {

  private static final String PROJECT = "sluice-test";

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void cloudEventsFromASubscriptionAreAggregatedDeDuplicatedAndDeadLettered(@TempDir Path dir)
      throws Exception {
    run(dir, "--runner=DirectRunner");
  }

  /** The same on embedded Flink (PubsubIO's unbounded source, acked at checkpoints). */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void theSameOnFlink(@TempDir Path dir) throws Exception {
    run(
        dir,
        "--runner=FlinkRunner",
        "--streaming=true",
        "--parallelism=2",
        "--attachedMode=false",
        "--checkpointingInterval=2000");
  }

  private void run(Path dir, String... runner) throws Exception {
    try (PubsubEmulator emulator = PubsubEmulator.start(dir.resolve("emulator.log"))) {
      String topic = "projects/" + PROJECT + "/topics/events";
      String subscription = "projects/" + PROJECT + "/subscriptions/sluice";
      emulator.createTopic(topic);
      emulator.createSubscription(subscription, topic);

      // Two seconds ago: ahead of the read's watermark (publish time), so nothing is late.
      Instant time = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      emulator.publish(topic, utf8(CloudEvents.json("/gw", "e1", "s1", time, 1.0)), Map.of());
      byte[] e2 = utf8(CloudEvents.json("/gw", "e2", "s1", time, 2.0));
      emulator.publish(topic, e2, Map.of());
      emulator.publish(topic, e2, Map.of()); // a publisher's retry: same CloudEvent id
      Map<String, String> binary =
          Map.of(
              "ce-specversion", "1.0",
              "ce-id", "e3",
              "ce-source", "/gw",
              "ce-type", "sensor.reading",
              "ce-time", time.toString(),
              "ce-subject", "s1",
              "content-type", "application/json");
      emulator.publish(topic, utf8("{\"value\":4.0}"), binary);
      emulator.publish(topic, utf8("{\"value\":4.0}"), binary);
      // An hour old: its window had expired by the time it was read, so it goes to the late topic.
      Instant old = time.minusSeconds(3600);
      emulator.publish(topic, utf8(CloudEvents.json("/gw", "e4", "s1", old, 8.0)), Map.of());
      byte[] garbage = utf8("not a CloudEvent");
      emulator.publish(topic, garbage, Map.of("origin", "test"));

      String results = SharedKafka.newTopic("pubsub-results", 1);
      String deadLetters = SharedKafka.newTopic("pubsub-dead-letters", 1);
      String late = SharedKafka.newTopic("pubsub-late", 1);
      PipelineOptionsFactory.register(PubsubInputOptions.class);
      WindowedAggregatePipeline.Options options =
          PipelineOptionsFactory.fromArgs(
                  Runners.with(
                      runner,
                      "--blockOnRun=false",
                      "--bootstrapServers=" + SharedKafka.bootstrapServers(),
                      "--source=pubsub",
                      "--inputSubscription=" + subscription,
                      "--pubsubRootUrl=" + emulator.rootUrl(),
                      "--project=" + PROJECT,
                      "--credentialFactoryClass="
                          + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
                      "--outputTopic=" + results,
                      "--deadLetterTopic=" + deadLetters,
                      "--lateTopic=" + late,
                      "--earlyFiring=1s"))
              .withValidation()
              .as(WindowedAggregatePipeline.Options.class);
      PipelineResult run = WindowedAggregatePipeline.build(options).run();
      String bootstrap = SharedKafka.bootstrapServers();
      WindowResult s1 = null;
      List<ConsumerRecord<byte[], byte[]>> dead = List.of();
      try {
        while (s1 == null || s1.count() < 3 || dead.isEmpty() || noneIn(bootstrap, late)) {
          Thread.sleep(1000);
          s1 =
              ExpectedAggregates.lastPanes(TopicSnapshot.values(bootstrap, results))
                  .values()
                  .stream()
                  .filter(r -> r.key().equals("s1"))
                  .findFirst()
                  .orElse(null);
          dead = TopicSnapshot.readAllBytes(bootstrap, deadLetters);
        }
        Thread.sleep(3000); // a redelivery counted twice would show in a later pane
        s1 =
            ExpectedAggregates.lastPanes(TopicSnapshot.values(bootstrap, results))
                .get("s1|" + (time.toEpochMilli() / 10_000 * 10_000));
      } finally {
        run.cancel();
      }
      assertEquals(3, s1.count(), "e1, e2 and e3 once each: " + s1);
      assertEquals(7.0, s1.sum(), 1e-9);
      dead = TopicSnapshot.readAllBytes(bootstrap, deadLetters);
      assertEquals(1, dead.size());
      assertArrayEquals(garbage, dead.get(0).value());
      assertTrue(!header(dead.get(0), DeadLetterFormat.REASON).isBlank());
      assertEquals("sluice", header(dead.get(0), DeadLetterFormat.TOPIC));
      assertEquals("test", header(dead.get(0), "origin"));
      List<ConsumerRecord<byte[], byte[]>> lateEvents = TopicSnapshot.readAllBytes(bootstrap, late);
      assertEquals(1, lateEvents.size());
      assertTrue(new String(lateEvents.get(0).value(), StandardCharsets.UTF_8).contains("\"e4\""));
    }
  }

  private static boolean noneIn(String bootstrap, String topic) {
    return TopicSnapshot.readAllBytes(bootstrap, topic).isEmpty();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
