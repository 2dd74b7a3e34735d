package dev.sluice.cli;

import dev.sluice.kafka.KafkaProperties;
import dev.sluice.local.LocalKafkaProcess;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to Kafka. */
public final class KafkaConnection {

  static final String FALLBACK = "127.0.0.1:9092";

  @Option(
      names = {"--bootstrapServers", "--bootstrap-server"},
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers (default: the broker of 'sluice kafka start' if it runs, else "
              + FALLBACK
              + ").")
  String bootstrapServers;

  @Option(
      names = "--kafkaProperty",
      paramLabel = "KEY=VALUE",
      description = "Extra Kafka client property (SASL, TLS, acks ...); repeatable.")
  public Map<String, String> properties = new LinkedHashMap<>();

  @Option(
      names = {"--kafkaPropertiesFile", "--command-config"},
      paramLabel = "PATH",
      description =
          "Kafka client properties file (Kafka's --command-config); the place for secrets, which"
              + " --kafkaProperty would show in ps. --kafkaProperty entries win.")
  public String propertiesFile;

  /** The flag's value, else the default. */
  public String bootstrapServers() {
    return bootstrapServers != null ? bootstrapServers : defaultBootstrapServers();
  }

  /** The local broker's address, so 'kafka start --port N' needs no flag afterwards. */
  static String defaultBootstrapServers() {
    return LocalKafkaProcess.runningAddress(KafkaCommand.stateDir()).orElse(FALLBACK);
  }

  /** Client properties: the file's, the extra ones, plus bootstrap.servers. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props =
        propertiesFile == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(KafkaProperties.load(propertiesFile));
    props.putAll(properties);
    props.put("bootstrap.servers", bootstrapServers());
    return props;
  }
}
