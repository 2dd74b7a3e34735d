package dev.sluice.pipelines.windowedaggregate;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** windowed-aggregate's count windows (docs/windowing.md, "Count windows"). */
public interface CountWindowOptions extends PipelineOptions {

  @Description(
      "Aggregate per key over the last L events (in event-time order) instead of time windows;"
          + " 0 for time windows.")
  @Default.Long(0)
  long getCountWindow();

  void setCountWindow(long value);

  @Description("Count windows start every D events (0: D = L, windows that do not overlap).")
  @Default.Long(0)
  long getCountSlide();

  void setCountSlide(long value);

  @Description(
      "Forget a key this long in event time after its newest event; the positions of its"
          + " incomplete window are counted incomplete and it starts again at position 1.")
  @Default.String("1h")
  String getCountIdleTimeout();

  void setCountIdleTimeout(String value);
}
