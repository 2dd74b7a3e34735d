package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.testing.CloudEvents;
import dev.sluice.testing.SharedKafka;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The log's tail on a real broker: the newest valid event time of any partition of the read's event
 * topics, less the bound; records that are not events, and control topics, move nothing.
 */
class LogTailFrontierTest {

  static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @Test
  void theFrontierIsTheNewestEventInAnyPartitionLessTheBound() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String events = SharedKafka.newTopic("tail-events", 3);
    String other = SharedKafka.newTopic("tail-more", 1);
    String rules = SharedKafka.newTopic("tail-rules", 1);
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", servers), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 60; i++) {
        // e10 (95 s) lies deep in partition 1's log, beyond the 16 records the tail reads.
        long second = i == 10 ? 95 : i;
        p.send(new ProducerRecord<>(events, i % 3, "k", json("e" + i, second)));
      }
      p.send(new ProducerRecord<>(events, 1, "k", "not an event at all"));
      p.send(new ProducerRecord<>(other, 0, "k", json("m1", 80)));
      // A control topic's record is not an event time; it is not among the event topics.
      p.send(new ProducerRecord<>(rules, 0, "k", json("r1", 500)));
      p.flush();
    }
    LogTailFrontier tail =
        LogTailFrontier.of(
            "test-" + events,
            new LogTailFrontier.Settings(servers, Map.of(), List.of(events, other), 10_000, 200),
            new EventParser(java.time.Duration.ofDays(3650)));
    long deadline = System.nanoTime() + 30_000_000_000L;
    long frontier = tail.frontier();
    while (frontier == Long.MIN_VALUE && System.nanoTime() < deadline) {
      Thread.sleep(100);
      frontier = tail.frontier();
    }
    // The tails hold e57, e58 and e59 and the other topic's 80 s: 80 s less the 10 s bound. An
    // event deeper in a log (e10) is not seen: the frontier can only be lower than the truth, so
    // an idle partition adopting it can make nothing late that its peers would not.
    assertEquals(T0.plusSeconds(70).toEpochMilli(), frontier);
  }

  static String json(String id, long second) {
    return CloudEvents.json("/s", id, "k", T0.plusSeconds(second), 1);
  }
}
