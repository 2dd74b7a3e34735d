package dev.sluice.transforms;

import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;

/**
 * The panes the pipelines' Beam SQL aggregations fire, set on the rows before the query: the
 * query's TUMBLE, HOP or SESSION takes this trigger, lateness and accumulation with it.
 */
public final class SqlPanes {

  private SqlPanes() {}

  /**
   * On time once the watermark passes a window's end, then again for each late row within {@code
   * allowedLateness}, accumulating. The on-time pane only when non-empty: Flink fires on-time and
   * clean-up timers apart, and an empty pane makes SQL's aggregates null. Beam's default trigger
   * gives these panes without keeping trigger state.
   */
  public static Window<Row> onTimeThenPerLateRow(Duration allowedLateness) {
    return Window.<Row>configure()
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(allowedLateness)
        .accumulatingFiredPanes()
        .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY);
  }
}
