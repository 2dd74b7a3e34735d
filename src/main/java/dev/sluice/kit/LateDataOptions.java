package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where events go that arrive after their window's allowed lateness. */
public interface LateDataOptions extends PipelineOptions {

  @Description("Topic for events that arrive after their window's allowed lateness.")
  @Default.String("")
  String getLateTopic();

  void setLateTopic(String value);

  @Description(
      "Send events that arrive after their window expired to --lateTopic. When false, Beam drops"
          + " them inside the aggregation and only its droppedDueToLateness counter shows it.")
  @Default.Boolean(true)
  boolean getCaptureLate();

  void setCaptureLate(boolean value);
}
