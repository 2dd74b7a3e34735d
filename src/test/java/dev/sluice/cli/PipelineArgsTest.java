package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineArgsTest {

  private static final Optional<String> LOCAL = Optional.of("127.0.0.1:29092");

  @Test
  void kafkaSpellingBecomesBeams() {
    assertEquals(
        List.of("--bootstrapServers=h:1", "--inputTopic=t"),
        PipelineArgs.withBootstrapServers(
            List.of("--bootstrap-server", "h:1", "--inputTopic=t"), LOCAL));
    assertEquals(
        List.of("--bootstrapServers=h:1,h:2"),
        PipelineArgs.withBootstrapServers(List.of("--bootstrap-server=h:1,h:2"), LOCAL));
  }

  @Test
  void localBrokerIsTheDefaultAndAnExplicitFlagWins() {
    assertEquals(
        List.of("--inputTopic=t", "--bootstrapServers=127.0.0.1:29092"),
        PipelineArgs.withBootstrapServers(List.of("--inputTopic=t"), LOCAL));
    assertEquals(
        List.of("--bootstrapServers=h:1"),
        PipelineArgs.withBootstrapServers(List.of("--bootstrapServers=h:1"), LOCAL));
    assertEquals(
        List.of("--inputTopic=t"),
        PipelineArgs.withBootstrapServers(List.of("--inputTopic=t"), Optional.empty()));
  }

  @Test
  void kafkasCommandConfigSpellingBecomesAnAbsolutePropertiesFile() {
    String abs = Path.of("client.properties").toAbsolutePath().toString();
    assertEquals(
        List.of("--kafkaPropertiesFile=" + abs, "--kafkaPropertiesFile=" + abs),
        PipelineArgs.withBootstrapServers(
            List.of(
                "--command-config", "client.properties", "--kafkaPropertiesFile=client.properties"),
            Optional.empty()));
  }

  /** Beam never sees a secret flag: it moves to an owner-only file that the pipeline reads. */
  @Test
  void secretFlagsMoveToAnOwnerOnlyPropertiesFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path given = dir.resolve("given.properties");
    Files.writeString(given, "security.protocol=SASL_SSL\nssl.key.password=old\n");
    List<String> out =
        PipelineArgs.secretsToFile(
            List.of(
                "--inputTopic=events",
                "--kafkaPropertiesFile=" + given,
                "--kafkaProperty=ssl.key.password=s3cret",
                "--kafkaProperty=acks=all"));
    assertFalse(String.join(" ", out).contains("s3cret"), out.toString());
    assertEquals(List.of("--inputTopic=events", "--kafkaProperty=acks=all"), out.subList(0, 2));
    Path file = Path.of(out.get(2).substring("--kafkaPropertiesFile=".length()));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Map<String, Object> props = dev.sluice.kafka.KafkaProperties.load(file.toString());
    assertEquals("s3cret", props.get("ssl.key.password"));
    assertEquals("SASL_SSL", props.get("security.protocol"));
    List<String> plain = List.of("--kafkaProperty=acks=all");
    assertEquals(plain, PipelineArgs.secretsToFile(plain));
  }
}
