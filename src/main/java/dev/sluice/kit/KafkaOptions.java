package dev.sluice.kit;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where the Kafka cluster is and how to talk to it; every pipeline that touches Kafka has these.
 */
public interface KafkaOptions extends PipelineOptions {

  @Description("Kafka bootstrap servers.")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description(
      "Extra Kafka client property key=value for producers and consumers (SASL, TLS, acks ...);"
          + " repeatable.")
  List<String> getKafkaProperty();

  void setKafkaProperty(List<String> value);

  @Description(
      "A Kafka client properties file (like Kafka's --command-config) for producers and consumers;"
          + " put secrets (sasl.jaas.config, passwords) here, not in --kafkaProperty, which shows in"
          + " ps. Read where the pipeline is built; --kafkaProperty entries win.")
  String getKafkaPropertiesFile();

  void setKafkaPropertiesFile(String value);
}
