package dev.sluice.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.SharedKafka;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** Generated records, written to a real broker, read back with the official CloudEvents reader. */
class GeneratedCloudEventsKafkaTest {

  @Test
  void everyValidEventReadsBackWithTheOfficialKafkaDeserializer() {
    GeneratorConfig config = GeneratorConfig.builder().seed(11).count(2_000).build();
    List<GeneratedRecord> generated = EventGenerator.stream(config).toList();
    String topic = SharedKafka.newTopic("generated-cloudevents", 1);
    Map<String, Object> client = Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
    try (KafkaEventWriter writer = new KafkaEventWriter(client, topic)) {
      generated.forEach(writer);
      writer.flush();
    }

    List<ConsumerRecord<byte[], byte[]>> read = readAll(client, topic, generated.size());
    int structured = 0;
    try (CloudEventDeserializer official = new CloudEventDeserializer()) {
      for (int i = 0; i < generated.size(); i++) {
        GeneratedRecord sent = generated.get(i);
        ConsumerRecord<byte[], byte[]> got = read.get(i);
        if (!sent.isEvent()) {
          continue;
        }
        CloudEvent ce = official.deserialize(topic, got.headers(), got.value());
        assertEquals(sent.id(), ce.getId(), "record " + i);
        assertEquals(sent.source(), ce.getSource().toString());
        assertEquals(sent.eventTime(), ce.getTime().toInstant());
        structured += sent.binary() ? 0 : 1;
      }
    }
    assertTrue(structured > 1_000, "structured events read: " + structured);
    // The reader is strict: without the header a structured record is rejected.
    GeneratedRecord first =
        generated.stream().filter(r -> r.isEvent() && !r.binary()).findFirst().get();
    assertThrows(
        RuntimeException.class,
        () ->
            new CloudEventDeserializer()
                .deserialize(
                    topic,
                    new org.apache.kafka.common.header.internals.RecordHeaders(),
                    first.value()));
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      Map<String, Object> client, String topic, int count) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertEquals(count, out.size());
    return out;
  }
}
