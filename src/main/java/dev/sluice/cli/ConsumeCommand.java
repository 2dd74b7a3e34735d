package dev.sluice.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.Topics;
import dev.sluice.kit.BuildInfo;
import dev.sluice.time.Durations;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints a topic's record values as JSON lines. It assigns every partition itself (no consumer
 * group), so it never moves anyone's committed offsets.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "Print the records of a topic, one JSON value per line.",
      "With --print-key/--print-headers each line is {\"key\":...,\"headers\":{...},\"value\":...};"
          + " key and header bytes that are not UTF-8 show as {\"base64\":\"...\"}."
    })
public final class ConsumeCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  enum Isolation {
    read_committed,
    read_uncommitted
  }

  @Mixin KafkaConnection kafka;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read.")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the earliest offsets instead of the end.")
  boolean fromBeginning;

  @Option(
      names = "--idle-exit",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description =
          "Exit after this long without a record (e.g. 5s, 500ms, 2m); default: run until Ctrl-C.")
  Duration idleExit;

  @Option(names = "--max", paramLabel = "N", description = "Exit after N records.")
  long max;

  @Option(
      names = "--isolation",
      paramLabel = "LEVEL",
      defaultValue = "read_committed",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Isolation isolation;

  @Option(names = "--print-key", description = "Print each record's key too.")
  boolean printKey;

  @Option(names = "--print-headers", description = "Print each record's headers too.")
  boolean printHeaders;

  @Override
  public Integer call() throws IOException {
    Map<String, Object> clientProps = kafka.clientProperties();
    int partitions = Topics.partitions(clientProps, topic);
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);

    long count = 0;
    CountDownLatch done = new CountDownLatch(1);
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    try (KafkaConsumer<byte[], String> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new StringDeserializer())) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(topic, p));
      }
      consumer.assign(assigned);
      if (fromBeginning) {
        consumer.seekToBeginning(assigned);
      } else {
        consumer.seekToEnd(assigned);
        // Resolve the end now, so records produced after this point are not skipped.
        assigned.forEach(consumer::position);
      }
      // Ctrl-C: wake the poll loop so the summary is still printed.
      Thread hook =
          new Thread(
              () -> {
                consumer.wakeup();
                awaitQuietly(done);
              },
              "consume-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        long lastRecord = System.nanoTime();
        loop:
        while (true) {
          var records = consumer.poll(Duration.ofMillis(200));
          for (ConsumerRecord<byte[], String> record : records) {
            out.write(line(record));
            out.newLine();
            if (++count == max) {
              break loop;
            }
          }
          out.flush();
          if (!records.isEmpty()) {
            lastRecord = System.nanoTime();
          } else if (idleExit != null && System.nanoTime() - lastRecord >= idleExit.toNanos()) {
            break;
          }
        }
      } catch (WakeupException e) {
        // Ctrl-C: fall through to the summary.
      } finally {
        out.flush();
        removeHook(hook);
      }
    } finally {
      System.err.println(
          "consumed " + count + " records from " + topic + " (" + partitions + " partitions)");
      done.countDown();
    }
    return 0;
  }

  private String line(ConsumerRecord<byte[], String> record) throws IOException {
    if (!printKey && !printHeaders) {
      return asJsonLine(record.value());
    }
    // Assembled as text: the value stays byte for byte as asJsonLine gives it (no number rounding).
    StringBuilder line = new StringBuilder("{");
    if (printKey) {
      line.append("\"key\":").append(RecordJson.bytes(record.key())).append(',');
    }
    if (printHeaders) {
      line.append("\"headers\":").append(RecordJson.headers(record.headers())).append(',');
    }
    return line.append("\"value\":").append(asJsonLine(record.value())).append('}').toString();
  }

  /**
   * A valid JSON value is printed as-is (compacted if it spans lines); anything else as a JSON
   * string.
   */
  static String asJsonLine(String value) throws IOException {
    if (value == null) {
      return "null";
    }
    try {
      JsonNode node = JSON.readTree(value);
      if (node != null && !node.isMissingNode()) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0
            ? value
            : JSON.writeValueAsString(node);
      }
    } catch (IOException e) {
      // not JSON: quoted below
    }
    return JSON.writeValueAsString(value);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl-C); the hook is running.
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
