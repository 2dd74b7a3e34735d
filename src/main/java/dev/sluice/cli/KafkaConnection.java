package dev.sluice.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to Kafka. */
public final class KafkaConnection {

  @Option(
      names = "--bootstrapServers",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  public String bootstrapServers;

  @Option(
      names = "--kafkaProperty",
      paramLabel = "KEY=VALUE",
      description = "Extra Kafka client property (SASL, TLS, acks ...); repeatable.")
  public Map<String, String> properties = new LinkedHashMap<>();

  /** Client properties: the extra ones plus bootstrap.servers. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new LinkedHashMap<>(properties);
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }
}
