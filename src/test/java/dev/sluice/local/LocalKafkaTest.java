package dev.sluice.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

  @TempDir Path dir;

  @Test
  void transactionalRoundTripOnARealBroker() throws Exception {
    long started = System.nanoTime();
    int port;
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("data"), 0)) {
      port = kafka.port();
      System.out.printf("in-process broker ready in %.1fs%n", (System.nanoTime() - started) / 1e9);
      Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());

      assertTrue(Topics.create(client, "orders", 3, Map.of()));
      assertFalse(Topics.create(client, "orders", 3, Map.of()), "same partitions: no-op");
      IllegalStateException other =
          assertThrows(
              IllegalStateException.class, () -> Topics.create(client, "orders", 4, Map.of()));
      assertTrue(
          other.getMessage().contains("already exists with 3 partitions"), other.getMessage());
      assertEquals(Set.of("orders"), Topics.list(client));

      // Transactions need the transaction-state topic with min ISR 1: commit, then abort.
      Map<String, Object> producerProps =
          Map.of(
              "bootstrap.servers",
              kafka.bootstrapServers(),
              "transactional.id",
              "local-kafka-test");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 30; i++) {
          producer.send(new ProducerRecord<>("orders", "k" + i, "committed-" + i));
        }
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("orders", "x", "aborted"));
        producer.flush();
        producer.abortTransaction();
      }

      List<String> values = readAll(kafka.bootstrapServers(), "orders", 3);
      assertEquals(30, values.size(), values.toString());
      assertEquals(30, new HashSet<>(values).size());
      assertFalse(values.contains("aborted"));

      IllegalStateException clash =
          assertThrows(
              IllegalStateException.class,
              () -> LocalKafka.start(dir.resolve("other"), kafka.port()));
      assertEquals(
          "port "
              + kafka.port()
              + " is already in use on 127.0.0.1"
              + " (is another broker running? try 'sluice kafka status')",
          clash.getMessage());
      assertFalse(Files.exists(dir.resolve("other")), "fails before touching the disk");
    }
    LocalKafka.requirePortFree(port); // close() released the listener
  }

  private static List<String> readAll(String servers, String topic, int partitions) {
    Map<String, Object> props =
        Map.of("bootstrap.servers", servers, "isolation.level", "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      long deadline = System.currentTimeMillis() + 30_000;
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
