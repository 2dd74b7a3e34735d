package dev.sluice.kit;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Where records that cannot be processed go: never dropped silently. */
public interface DeadLetterOptions extends PipelineOptions {

  @Description(
      "Topic for records that fail parsing or validation (original bytes plus the reason).")
  @Validation.Required
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);
}
