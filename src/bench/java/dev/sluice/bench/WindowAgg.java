package dev.sluice.bench;

import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.io.Serializable;
import java.time.Instant;

/** count, sum, min and max of one key's window; public fields so Flink treats it as a POJO. */
public final class WindowAgg implements Serializable {

  private static final long serialVersionUID = 1L;

  public long count;
  public double sum;
  public double min = Double.POSITIVE_INFINITY;
  public double max = Double.NEGATIVE_INFINITY;

  public WindowAgg add(double v) {
    count++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
    return this;
  }

  public WindowAgg merge(WindowAgg other) {
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    return this;
  }

  /**
   * The same result JSON Sluice writes, so every contender pays for the same output and one reader
   * compares them all. {@code timing} says what the contender knows about the pane.
   */
  public String toJson(String key, long windowStart, String timing) {
    return new WindowResult(
            key,
            Instant.ofEpochMilli(windowStart),
            Instant.ofEpochMilli(windowStart + Semantics.WINDOW_MS),
            count,
            sum,
            min,
            max,
            sum / count,
            timing,
            0,
            false)
        .toJson();
  }
}
