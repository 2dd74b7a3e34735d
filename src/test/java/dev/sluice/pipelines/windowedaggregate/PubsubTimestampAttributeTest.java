package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.PubsubInputOptions;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.ExpectedAggregates;
import dev.sluice.testing.PubsubEmulator;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pubsubTimestampAttribute=ce-time}: the read's watermark follows the attribute, so a
 * backlog of old events is on time; but a message without it fails the read (Beam's PubsubIO, not
 * Sluice, decides this): why the option is off by default.
 */
class PubsubTimestampAttributeTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aMessageWithoutTheAttributeFailsTheRead(@TempDir Path dir) throws Exception {
    try (PubsubEmulator emulator = PubsubEmulator.start(dir.resolve("emulator.log"))) {
      String topic = "projects/sluice-test/topics/events";
      String subscription = "projects/sluice-test/subscriptions/sluice";
      emulator.createTopic(topic);
      emulator.createSubscription(subscription, topic);
      Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      emulator.publish(
          topic,
          CloudEvents.json("/gw", "e1", "s1", time, 1.0).getBytes(StandardCharsets.UTF_8),
          Map.of());
      WindowedAggregatePipeline.Options options = options(emulator, subscription);
      PipelineResult run = WindowedAggregatePipeline.build(options).run();
      try {
        Exception e =
            assertThrows(
                Exception.class, () -> run.waitUntilFinish(org.joda.time.Duration.millis(60_000)));
        String chain = chain(e);
        System.err.println("[timestamp attribute] " + chain);
        assertTrue(chain.contains("missing a value for timestamp attribute ce-time"), chain);
      } finally {
        try {
          run.cancel();
        } catch (Exception ignored) {
          // already failed
        }
      }
      assertEquals(
          0, TopicSnapshot.values(SharedKafka.bootstrapServers(), options.getOutputTopic()).size());
    }
  }

  /** Binary-mode events an hour old: by the attribute they are on time, so they are aggregated. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void withTheAttributeAnHourOldBacklogIsAggregatedNotLate(@TempDir Path dir) throws Exception {
    try (PubsubEmulator emulator = PubsubEmulator.start(dir.resolve("emulator.log"))) {
      String topic = "projects/sluice-test/topics/events";
      String subscription = "projects/sluice-test/subscriptions/sluice";
      emulator.createTopic(topic);
      emulator.createSubscription(subscription, topic);
      Instant time = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 1; i <= 3; i++) {
        emulator.publish(
            topic,
            ("{\"value\":" + i + ".0}").getBytes(StandardCharsets.UTF_8),
            Map.of(
                "ce-specversion", "1.0",
                "ce-id", "e" + i,
                "ce-source", "/gw",
                "ce-type", "sensor.reading",
                "ce-time", time.toString(),
                "ce-subject", "s1",
                "content-type", "application/json"));
      }
      WindowedAggregatePipeline.Options options = options(emulator, subscription);
      options.setEarlyFiring("1s");
      String bootstrap = SharedKafka.bootstrapServers();
      PipelineResult run = WindowedAggregatePipeline.build(options).run();
      WindowResult s1 = null;
      try {
        while (s1 == null || s1.count() < 3) {
          Thread.sleep(1000);
          s1 =
              ExpectedAggregates.lastPanes(
                      TopicSnapshot.values(bootstrap, options.getOutputTopic()))
                  .get("s1|" + (time.toEpochMilli() / 10_000 * 10_000));
        }
      } finally {
        run.cancel();
      }
      assertEquals(6.0, s1.sum(), 1e-9);
      assertEquals(0, TopicSnapshot.values(bootstrap, options.getLateTopic()).size());
    }
  }

  private static WindowedAggregatePipeline.Options options(
      PubsubEmulator emulator, String subscription) {
    PipelineOptionsFactory.register(PubsubInputOptions.class);
    return PipelineOptionsFactory.fromArgs(
            "--runner=DirectRunner",
            "--blockOnRun=false",
            "--bootstrapServers=" + SharedKafka.bootstrapServers(),
            "--source=pubsub",
            "--inputSubscription=" + subscription,
            "--pubsubTimestampAttribute=ce-time",
            "--pubsubRootUrl=" + emulator.rootUrl(),
            "--project=sluice-test",
            "--credentialFactoryClass="
                + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
            "--outputTopic=" + SharedKafka.newTopic("ts-results", 1),
            "--deadLetterTopic=" + SharedKafka.newTopic("ts-dead-letters", 1),
            "--lateTopic=" + SharedKafka.newTopic("ts-late", 1))
        .withValidation()
        .as(WindowedAggregatePipeline.Options.class);
  }

  private static String chain(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" <- ");
    }
    return s.toString();
  }
}
