package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.SharedKafka;
import dev.sluice.time.Durations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCliTest {

  @TempDir Path dir;

  /** One command line run with stdout and stderr captured. */
  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  static synchronized Run sluice(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Sluice.execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void createProduceConsumeRoundTrip() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String topic = "cli-roundtrip-" + System.nanoTime();
    Run created =
        sluice("topics", "create", topic, "--partitions", "3", "--bootstrapServers", servers);
    assertEquals(0, created.code(), created.err());
    assertEquals("created topic " + topic + " (3 partitions)\n", created.out());
    Run again =
        sluice("topics", "create", topic, "--partitions", "3", "--bootstrapServers", servers);
    assertTrue(again.out().contains("already exists"), again.out());
    Run clash =
        sluice("topics", "create", topic, "--partitions", "2", "--bootstrapServers", servers);
    assertEquals(1, clash.code());
    assertTrue(clash.err().contains("already exists with 3 partitions"), clash.err());

    List<String> input =
        List.of(
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"t\",\"type\":\"x\",\"subject\":\"a\"}",
            "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"t\",\"type\":\"x\",\"subject\":\"b\"}",
            "{\"plain\": [1, 2]}",
            "not json at all");
    Path file = dir.resolve("in.jsonl");
    Files.write(file, input);
    Run produced =
        sluice("produce", topic, "--file", file.toString(), "--bootstrapServers", servers);
    assertEquals(0, produced.code(), produced.err());
    assertTrue(
        produced.out().startsWith("produced 4 records to " + topic + " in "), produced.out());

    Run consumed =
        sluice(
            "consume",
            topic,
            "--from-beginning",
            "--idle-exit",
            "2s",
            "--bootstrapServers",
            servers);
    assertEquals(0, consumed.code(), consumed.err());
    List<String> expected =
        List.of(input.get(0), input.get(1), input.get(2), "\"not json at all\"");
    assertEquals(expected.stream().sorted().toList(), consumed.lines().stream().sorted().toList());
    assertTrue(
        consumed.err().contains("consumed 4 records from " + topic + " (3 partitions)"),
        consumed.err());

    Run limited =
        sluice("consume", topic, "--from-beginning", "--max", "2", "--bootstrapServers", servers);
    assertEquals(2, limited.lines().size(), limited.out());

    Run listed = sluice("topics", "list", "--bootstrapServers", servers);
    assertTrue(listed.out().contains(topic), listed.out());
  }

  @Test
  void keysAndHeadersRoundTrip() throws Exception {
    String servers = SharedKafka.bootstrapServers();
    String topic = SharedKafka.newTopic("cli-keys", 1); // one partition: records stay in order
    Path keyed = dir.resolve("keyed.txt");
    Files.write(keyed, List.of("k1:{\"n\": 1.10}", "k2:plain:text"));
    Run produced =
        sluice(
            "produce",
            topic,
            "--file",
            keyed.toString(),
            "--parse-key",
            "--key-separator",
            ":",
            "--header",
            "source=test",
            "--header",
            "trace=a=b",
            "--bootstrap-server",
            servers);
    assertEquals(0, produced.code(), produced.err());
    Path plain = dir.resolve("plain.txt");
    Files.write(plain, List.of("{\"n\":3}"));
    Run fixed =
        sluice(
            "produce",
            topic,
            "--file",
            plain.toString(),
            "--key",
            "fixed",
            "--bootstrapServers",
            servers);
    assertEquals(0, fixed.code(), fixed.err());
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            java.util.Map.of("bootstrap.servers", servers),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      var record =
          new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(
              topic, null, new byte[] {(byte) 0xff}, "x".getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add("bin", new byte[] {(byte) 0xff, 0})
          .add("dup", "1".getBytes())
          .add("dup", null);
      producer.send(record).get();
    }

    Run both =
        sluice(
            "consume",
            topic,
            "--from-beginning",
            "--max",
            "4",
            "--print-key",
            "--print-headers",
            "--bootstrapServers",
            servers);
    assertEquals(
        List.of(
            "{\"key\":\"k1\",\"headers\":{\"source\":\"test\",\"trace\":\"a=b\"},\"value\":{\"n\": 1.10}}",
            "{\"key\":\"k2\",\"headers\":{\"source\":\"test\",\"trace\":\"a=b\"},\"value\":\"plain:text\"}",
            "{\"key\":\"fixed\",\"headers\":{},\"value\":{\"n\":3}}",
            "{\"key\":{\"base64\":\"/w==\"},\"headers\":{\"bin\":{\"base64\":\"/wA=\"},\"dup\":[\"1\",null]},\"value\":\"x\"}"),
        both.lines());
    Run keyOnly =
        sluice(
            "consume",
            topic,
            "--from-beginning",
            "--max",
            "1",
            "--print-key",
            "--bootstrapServers",
            servers);
    assertEquals(List.of("{\"key\":\"k1\",\"value\":{\"n\": 1.10}}"), keyOnly.lines());

    Path noSeparator = dir.resolve("nosep.txt");
    Files.write(noSeparator, List.of("k:v", "novalue"));
    Run bad =
        sluice(
            "produce",
            topic,
            "--file",
            noSeparator.toString(),
            "--parse-key",
            "--key-separator",
            ":",
            "--bootstrapServers",
            servers);
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("line 2 has no key separator"), bad.err());
    assertEquals(2, sluice("produce", topic, "--file", "-", "--header", "noequals").code());
    assertEquals(2, sluice("produce", topic, "--file", "-", "--key", "k", "--parse-key").code());
  }

  @Test
  void keysCloudEventsBySubjectOnly() {
    assertEquals("a", ProduceCommand.subjectOf("{\"specversion\":\"1.0\",\"subject\":\"a\"}"));
    assertEquals(null, ProduceCommand.subjectOf("{\"subject\":\"a\"}"));
    assertEquals(null, ProduceCommand.subjectOf("{broken"));
  }

  @Test
  void wrongUsageIsAOneLineErrorWithExitCode2() {
    Run wrongFlag = sluice("consume", "t", "--no-such-flag");
    assertEquals(2, wrongFlag.code());
    assertEquals(1, wrongFlag.err().strip().lines().count(), wrongFlag.err());
    assertEquals(2, sluice("consume", "t", "--idle-exit", "soon").code());
    assertEquals(2, sluice("consume", "t", "--isolation", "dirty").code());
    assertEquals(2, sluice("produce", "t").code(), "--file is required");
  }

  @Test
  void missingTopicIsAClearError() {
    Run run =
        sluice(
            "produce",
            "no-such-topic",
            "--file",
            "-",
            "--bootstrapServers",
            SharedKafka.bootstrapServers());
    assertEquals(1, run.code());
    assertTrue(run.err().contains("topic no-such-topic does not exist"), run.err());
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("PT5S"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5"));
  }

  /** The broker as a detached child JVM, driven like a user would: start, status, stop. */
  @Test
  void kafkaStartStatusStopInAChildJvm() throws Exception {
    String previous = System.getProperty("sluice.home");
    System.setProperty("sluice.home", dir.toString());
    try {
      Run started = sluice("kafka", "start", "--port", "0");
      assertEquals(0, started.code(), started.err());
      String address = started.out().strip();
      assertTrue(address.matches("127\\.0\\.0\\.1:\\d+") && !address.endsWith(":0"), address);
      Path state = dir.resolve("local-kafka");
      assertTrue(Files.exists(state.resolve("broker.pid")));
      assertEquals(address.substring(10), Files.readString(state.resolve("broker.port")).strip());

      Run twice = sluice("kafka", "start");
      assertEquals(0, twice.code());
      assertTrue(twice.out().contains("already running at " + address), twice.out());

      // No flag: every command defaults to the running local broker, whatever its port.
      Run topic = sluice("topics", "create", "t1");
      assertEquals(0, topic.code(), topic.err() + Files.readString(state.resolve("broker.log")));
      Run listed = sluice("topics", "list");
      assertTrue(listed.err().contains("1 topics at " + address), listed.err());
      Run alias = sluice("topics", "list", "--bootstrap-server", address);
      assertTrue(alias.out().startsWith("t1 "), alias.out());
      String shared = SharedKafka.bootstrapServers();
      Run explicit = sluice("topics", "list", "--bootstrapServers", shared);
      assertTrue(explicit.err().contains(" topics at " + shared), "the flag wins");
      assertEquals(
          List.of("--inputTopic=x", "--bootstrapServers=" + address),
          PipelineArgs.withBootstrapServers(List.of("--inputTopic=x")));
      Run status = sluice("kafka", "status");
      assertEquals(0, status.code());
      assertTrue(
          status.out().contains("running at " + address) && status.out().contains("1 topics"),
          status.out());

      Run stopped = sluice("kafka", "stop");
      assertEquals("Kafka stopped\n", stopped.out());
      assertFalse(Files.exists(state.resolve("broker.pid")));
      assertEquals(3, sluice("kafka", "status").code());
      assertTrue(
          Files.readString(state.resolve("broker.log")).contains("STOPPED"), "clean shutdown");
    } finally {
      sluice("kafka", "stop");
      if (previous == null) {
        System.clearProperty("sluice.home");
      } else {
        System.setProperty("sluice.home", previous);
      }
    }
  }
}
