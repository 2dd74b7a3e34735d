package dev.sluice.testing;

import dev.sluice.kafka.Topics;
import dev.sluice.local.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One real broker for every test class in the JVM: started on first use (a few seconds), stopped
 * and deleted by a shutdown hook. Tests isolate themselves by topic, never by broker.
 */
public final class SharedKafka {

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static LocalKafka kafka;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    if (kafka == null) {
      Path dir = tempDir();
      kafka = LocalKafka.start(dir, 0);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    kafka.close();
                    deleteQuietly(dir);
                  },
                  "shared-kafka-shutdown"));
    }
    return kafka.bootstrapServers();
  }

  /** Creates a topic named {@code prefix-N} (unique in this JVM) and returns the name. */
  public static String newTopic(String prefix, int partitions) {
    String name = prefix.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + TOPICS.incrementAndGet();
    Topics.create(Map.of("bootstrap.servers", bootstrapServers()), name, partitions, Map.of());
    return name;
  }

  /** One record with {@code value} into every partition of {@code topic}. */
  public static void produceToEveryPartition(String topic, String value) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      int partitions = producer.partitionsFor(topic).size();
      for (int p = 0; p < partitions; p++) {
        producer.send(
            new ProducerRecord<>(topic, p, null, null, value.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("sluice-shared-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp dir is harmless.
    }
  }
}
