package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kinesis.KinesisRecords;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.ExpectedAggregates;
import dev.sluice.testing.Kinesalite;
import dev.sluice.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --source=kinesis} end to end on the Direct runner: kinesalite (started by {@code
 * scripts/kinesalite}) in, the real broker out. Event time comes from the CloudEvents, per shard,
 * so a backlog from January aggregates as it would live: a repeated id counts once, an event whose
 * window had expired on its own shard reaches the late topic, and a record that is no CloudEvent
 * reaches the dead-letter topic byte for byte with its stream, shard and sequence number.
 */
class KinesisSourceTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void eventsFromTwoShardsAreAggregatedInEventTime() throws Exception {
    Kinesalite kinesis = Kinesalite.shared();
    {
      kinesis.createStream("events", 2);
      List<String> shards = kinesis.shards("events");
      String s0 = shards.get(0);
      String s1 = shards.get(1);
      kinesis.put("events", s0, "s1", CloudEvents.json("/gw", "e1", "s1", T0.plusSeconds(1), 1));
      String e2 = CloudEvents.json("/gw", "e2", "s1", T0.plusSeconds(2), 2);
      kinesis.put("events", s0, "s1", e2);
      kinesis.put("events", s0, "s1", e2); // a producer's retry: same CloudEvent id
      byte[] garbage = "not a CloudEvent".getBytes(StandardCharsets.UTF_8);
      kinesis.put("events", s0, "x", garbage);
      kinesis.put("events", s1, "s1", CloudEvents.json("/gw", "e3", "s1", T0.plusSeconds(3), 4));
      // Both shards move on to 100 s, which closes the window [0 s, 10 s) on each...
      kinesis.put("events", s0, "s2", CloudEvents.json("/gw", "e5", "s2", T0.plusSeconds(100), 1));
      kinesis.put("events", s1, "s2", CloudEvents.json("/gw", "e6", "s2", T0.plusSeconds(100), 1));
      // ...so this one, read after 100 s on shard 1 (watermark 90 s), missed it: late.
      kinesis.put("events", s1, "s1", CloudEvents.json("/gw", "e4", "s1", T0.plusSeconds(5), 8));

      String results = SharedKafka.newTopic("kinesis-results", 1);
      String deadLetters = SharedKafka.newTopic("kinesis-dead-letters", 1);
      String late = SharedKafka.newTopic("kinesis-late", 1);
      WindowedAggregatePipeline.Options options =
          WindowedAggregatePipeline.SPEC.parse(
              new String[] {
                "--runner=DirectRunner",
                "--blockOnRun=false",
                "--bootstrapServers=" + SharedKafka.bootstrapServers(),
                "--source=kinesis",
                "--inputStream=events",
                "--kinesisEndpoint=" + kinesis.endpoint(),
                "--window=10s",
                "--allowedLateness=30s",
                "--idleTimeout=2s",
                "--outputTopic=" + results,
                "--deadLetterTopic=" + deadLetters,
                "--lateTopic=" + late
              });
      PipelineResult run = WindowedAggregatePipeline.build(options).run();
      String bootstrap = SharedKafka.bootstrapServers();
      String window = "s1|" + T0.toEpochMilli();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        String missing;
        while (!(missing = missing(bootstrap, results, window, deadLetters, late)).isEmpty()) {
          // A failed run or a missing output says so, instead of timing out in silence.
          assertTrue(!run.getState().isTerminal(), "the run ended " + run.getState());
          assertTrue(System.nanoTime() < deadline, "after 150 s still no " + missing);
          Thread.sleep(1000);
        }
        Thread.sleep(3000); // a repeat counted twice would show in a later pane
      } finally {
        run.cancel();
      }
      WindowResult s1Window =
          ExpectedAggregates.lastPanes(TopicSnapshot.values(bootstrap, results)).get(window);
      assertNotNull(s1Window);
      assertEquals(3, s1Window.count(), "e1, e2 and e3 once each: " + s1Window);
      assertEquals(7.0, s1Window.sum(), 1e-9);

      List<ConsumerRecord<byte[], byte[]>> dead =
          TopicSnapshot.readAllBytes(bootstrap, deadLetters);
      assertEquals(1, dead.size());
      assertArrayEquals(garbage, dead.get(0).value());
      assertTrue(!header(dead.get(0), DeadLetterFormat.REASON).isBlank());
      assertEquals("events", header(dead.get(0), DeadLetterFormat.TOPIC));
      assertEquals(s0, header(dead.get(0), KinesisRecords.SHARD_HEADER));
      assertTrue(header(dead.get(0), KinesisRecords.SEQUENCE_NUMBER_HEADER).matches("\\d+"));

      List<ConsumerRecord<byte[], byte[]>> lateEvents = TopicSnapshot.readAllBytes(bootstrap, late);
      assertEquals(1, lateEvents.size());
      assertTrue(new String(lateEvents.get(0).value(), StandardCharsets.UTF_8).contains("\"e4\""));
    }
  }

  private static String missing(
      String bootstrap, String results, String window, String deadLetters, String late) {
    List<String> missing = new ArrayList<>();
    if (ExpectedAggregates.lastPanes(TopicSnapshot.values(bootstrap, results)).get(window)
        == null) {
      missing.add("result for " + window);
    }
    if (TopicSnapshot.readAllBytes(bootstrap, deadLetters).isEmpty()) {
      missing.add("dead letter");
    }
    if (TopicSnapshot.readAllBytes(bootstrap, late).isEmpty()) {
      missing.add("late event");
    }
    return String.join(", ", missing);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
