package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.local.JvmFlags;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A run in its own JVM, as a user starts it, killed with SIGKILL partway through its writes. */
public final class KilledRun {

  private KilledRun() {}

  /**
   * Starts {@code mainClass} with {@code args} and kills it as soon as a record of {@code watched}
   * is readable (read_committed); fails if the run ends first or writes nothing in 3 minutes.
   */
  public static void killAtFirstRecord(String mainClass, List<String> args, List<String> watched)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(JvmFlags.CHILD);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    File log = new File("target", "killed-run-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log))
            .start();
    try (KafkaConsumer<byte[], byte[]> consumer = committedReader()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : watched) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
      consumer.assign(partitions);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (consumer.poll(Duration.ofMillis(20)).isEmpty()) {
        assertTrue(p.isAlive(), "the run ended before it could be killed; see " + log);
        assertTrue(System.nanoTime() < deadline, "nothing written within 3 minutes; see " + log);
      }
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  private static KafkaConsumer<byte[], byte[]> committedReader() {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            SharedKafka.bootstrapServers(),
            "isolation.level",
            "read_committed",
            "enable.auto.commit",
            false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }
}
