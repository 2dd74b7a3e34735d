package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Where records that cannot be processed go: never dropped silently. */
public interface DeadLetterOptions extends PipelineOptions {

  @Description(
      "Topic for records that fail parsing or validation (original record plus the reason).")
  @Validation.Required
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description(
      "Dead-letter record format: 'raw' (the original key, value and headers unchanged, the reason"
          + " and origin in sluice.error.* headers, as Kafka Connect does) or 'json' (an envelope"
          + " embedding at most --deadLetterJsonMaxBytes of the original value).")
  @Default.String("raw")
  String getDeadLetterFormat();

  void setDeadLetterFormat(String value);

  @Description(
      "With --deadLetterFormat=json: bytes of the original value embedded at most; beyond that the"
          + " JSON says \"truncated\": true and the original size.")
  @Default.Integer(65536)
  int getDeadLetterJsonMaxBytes();

  void setDeadLetterJsonMaxBytes(int value);
}
