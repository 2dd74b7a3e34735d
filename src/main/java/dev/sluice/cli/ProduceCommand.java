package dev.sluice.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.Topics;
import dev.sluice.kit.BuildInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Sends one record per input line; CloudEvents are keyed by subject so a key stays in one
 * partition, unless --key or --parse-key (as kafka-console-producer's parse.key) says otherwise.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Produce one record per line of a file to a topic, optionally with key and headers.")
public final class ProduceCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROGRESS_EVERY = 10_000;

  @Mixin KafkaConnection kafka;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to write to (must exist).")
  String topic;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "Input file, one record value per line; '-' reads stdin.")
  String file;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "Key of every record (default: a CloudEvent's subject, else none).")
  String key;

  @Option(
      names = "--parse-key",
      description = "Each line is KEY<separator>VALUE (like kafka-console-producer's parse.key).")
  boolean parseKey;

  @Option(
      names = "--key-separator",
      paramLabel = "SEP",
      defaultValue = "\t",
      description = "Separator for --parse-key (default: tab).")
  String keySeparator;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "Header added to every record (value as UTF-8); repeatable.")
  List<String> headers = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!file.equals("-") && !Files.isReadable(Path.of(file))) {
      throw new IllegalArgumentException("cannot read " + file);
    }
    if (key != null && parseKey) {
      throw new ParameterException(spec.commandLine(), "--key and --parse-key exclude each other");
    }
    if (keySeparator.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--key-separator must not be empty");
    }
    List<Header> recordHeaders = parseHeaders();
    Map<String, Object> clientProps = kafka.clientProperties();
    // Fails in seconds with a clear message if the topic is missing or the broker is down.
    Topics.partitions(clientProps, topic);
    Map<String, Object> props = new HashMap<>(clientProps);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long count = 0;
    long started = System.nanoTime();
    try (BufferedReader in = open(file);
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      String line;
      long lineNumber = 0;
      while ((line = in.readLine()) != null && failure.get() == null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String recordKey = key;
        String value = line;
        if (parseKey) {
          int at = line.indexOf(keySeparator);
          if (at < 0) {
            throw new IllegalArgumentException(
                "line " + lineNumber + " has no key separator (--parse-key): " + abbreviate(line));
          }
          recordKey = line.substring(0, at);
          value = line.substring(at + keySeparator.length());
        } else if (recordKey == null) {
          recordKey = subjectOf(line);
        }
        producer.send(
            new ProducerRecord<>(topic, null, recordKey, value, recordHeaders),
            (meta, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
        if (++count % PROGRESS_EVERY == 0) {
          System.err.println("  " + count + " records sent");
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
    }
    System.out.printf(
        "produced %d records to %s in %.1fs%n", count, topic, (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private List<Header> parseHeaders() {
    List<Header> out = new ArrayList<>();
    for (String h : headers) {
      int eq = h.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--header expects NAME=VALUE, got '" + h + "'");
      }
      out.add(new RecordHeader(h.substring(0, eq), h.substring(eq + 1).getBytes(UTF_8)));
    }
    return out;
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 60) + "...";
  }

  private static BufferedReader open(String file) throws IOException {
    if (file.equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
  }

  /** The CloudEvent subject as key, or null (round-robin) for anything else. */
  static String subjectOf(String line) {
    if (!line.stripLeading().startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(line);
      JsonNode subject = node.get("subject");
      return node.has("specversion") && subject != null && subject.isTextual()
          ? subject.asText()
          : null;
    } catch (IOException e) {
      return null;
    }
  }
}
