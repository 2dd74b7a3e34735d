package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
}
