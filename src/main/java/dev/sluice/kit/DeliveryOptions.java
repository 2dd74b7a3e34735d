package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** At-least-once or exactly-once delivery of every output topic. */
public interface DeliveryOptions extends PipelineOptions {

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
