package dev.sluice.pipelines.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.rules.RuleChange;
import dev.sluice.rules.RuleHistory;
import dev.sluice.testing.SharedKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The rules topic on a real broker: publishing, and what a restarted router starts from. */
class RulesTopicTest {

  private static RuleSet rules(int version, String target) {
    return RuleSet.parse(
        "version: "
            + version
            + "\ndefault: other\nroutes:\n"
            + "  - {name: r, to: ["
            + target
            + "], when: {field: type, equals: x}}\n");
  }

  @Test
  void aRestartedRouterStartsFromTheRuleSetsItsGroupAlreadyRead() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String topic = SharedKafka.newTopic("rules", 1);
    Map<String, Object> client = Map.of("bootstrap.servers", servers);
    RulesTopic.publish(client, topic, rules(2, "alerts")); // offset 0
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>(topic, RulesTopic.KEY, "version: [")).get(); // offset 1
      p.send(new ProducerRecord<>(topic, RulesTopic.KEY, rules(3, "elsewhere").text())).get();
    }
    RulesTopic.publish(client, topic, rules(4, "audit")); // offset 3

    IllegalArgumentException stale =
        assertThrows(
            IllegalArgumentException.class,
            () -> RulesTopic.publish(client, topic, rules(4, "alerts")));
    assertTrue(stale.getMessage().contains("not newer than version 4"), stale.getMessage());

    // A group that read offsets 0-2 (the broken and the foreign rule set are skipped, as the job
    // skips them) resumes at 3: it starts with version 2 in force, not the startup rules.
    String group = "router-" + topic;
    try (Admin admin = Admin.create(client)) {
      admin
          .alterConsumerGroupOffsets(
              group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
          .all()
          .get();
    }
    RouteEvents.Settings settings =
        new RouteEvents.Settings(rules(1, "alerts"), topic, List.of("audit"), 2);
    long resumeAt = RulesTopic.committedOffset(client, group, topic);
    assertEquals(3, resumeAt);
    RuleHistory known = RulesTopic.history(servers, settings, resumeAt);
    assertEquals(2, known.latestVersion());
    assertEquals(List.of(1L, 2L), known.changes().stream().map(RuleChange::version).toList());
    // Everything on the topic: version 4 too.
    assertEquals(4, RulesTopic.history(servers, settings, Long.MAX_VALUE).latestVersion());
    assertEquals(0, RulesTopic.committedOffset(client, "never-ran", topic));
  }
}
