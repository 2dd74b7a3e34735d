package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where a pipeline's CloudEvents come from. Outputs, dead letters and control topics (a router's
 * rules) stay on Kafka whatever the source; only the events' read changes.
 */
public interface SourceOptions extends PipelineOptions {

  /** The systems a pipeline can read its events from. */
  enum Source {
    kafka,
    kinesis,
    pubsub
  }

  @Description(
      "Where the CloudEvents are read from: kafka (--inputTopic), kinesis (--inputStream) or"
          + " pubsub (--inputSubscription). Outputs and control topics stay on Kafka.")
  @Default.Enum("kafka")
  Source getSource();

  void setSource(Source value);
}
