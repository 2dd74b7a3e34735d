package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** How event time and watermarks are derived from the input; durations take 500ms, 10s, 2m, 1h. */
public interface EventTimeOptions extends org.apache.beam.sdk.options.PipelineOptions {

  @Description(
      "Watermark bound: the watermark trails the largest event time seen in a partition by this"
          + " much.")
  @Default.String("10s")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String value);

  @Description(
      "A caught-up partition that receives nothing for this long (processing time) stops holding"
          + " the watermark back, like Flink's withIdleness.")
  @Default.String("30s")
  String getIdleTimeout();

  void setIdleTimeout(String value);

  @Description(
      "Events whose time lies further than this beyond their record's Kafka timestamp are"
          + " rejected.")
  @Default.String("1h")
  String getMaxFutureSkew();

  void setMaxFutureSkew(String value);
}
