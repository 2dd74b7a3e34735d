package dev.sluice.kit;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options every Sluice pipeline shares: where events come from and where every outcome goes. */
public interface SluiceOptions extends PipelineOptions {

  @Description("Kafka bootstrap servers.")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Topic the CloudEvents are read from.")
  @Validation.Required
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Topic the results are written to.")
  @Validation.Required
  String getOutputTopic();

  void setOutputTopic(String value);

  @Description(
      "Topic for records that fail parsing or validation (original bytes plus the reason).")
  @Validation.Required
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description("Topic for events that arrive after their window's allowed lateness.")
  @Default.String("")
  String getLateTopic();

  void setLateTopic(String value);

  @Description(
      "Read each partition from its earliest offset to the end offset found at start, emit every"
          + " window, and exit. Without it the job runs until stopped.")
  @Default.Boolean(false)
  boolean getBounded();

  void setBounded(boolean value);

  @Description(
      "Extra Kafka client property key=value for producers and consumers (SASL, TLS, acks ...);"
          + " repeatable.")
  List<String> getKafkaProperty();

  void setKafkaProperty(List<String> value);

  @Description(
      "Watermark bound: the watermark trails the largest event time seen in a partition by this much.")
  @Default.String("10s")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String value);

  @Description(
      "A caught-up partition that receives nothing for this long (processing time) stops holding"
          + " the watermark back, like Flink's withIdleness.")
  @Default.String("30s")
  String getIdleTimeout();

  void setIdleTimeout(String value);

  @Description("Consumer group of the streaming read; offsets are committed there.")
  @Default.String("sluice")
  String getGroupId();

  void setGroupId(String value);

  @Description(
      "Write every output in Kafka transactions committed per checkpoint (read them with"
          + " isolation.level=read_committed): nothing lost, nothing twice across restarts. Needs"
          + " --sinkGroupId and, on the FlinkRunner, --checkpointingInterval.")
  @Default.Boolean(false)
  boolean getExactlyOnce();

  void setExactlyOnce(boolean value);

  @Description(
      "Names this job's exactly-once sink state in Kafka: keep it when resuming from a savepoint,"
          + " never reuse it for another job ('sluice submit' stores one per job).")
  @Default.String("")
  String getSinkGroupId();

  void setSinkGroupId(String value);
}
