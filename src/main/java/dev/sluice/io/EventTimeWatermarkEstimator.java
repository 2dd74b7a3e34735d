package dev.sluice.io;

import org.apache.beam.sdk.transforms.splittabledofn.TimestampObservingWatermarkEstimator;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Watermark of one partition on the splittable (bounded replay) read: the largest observed output
 * timestamp minus the out-of-orderness bound. Invalid records are stamped with the minimum timestamp
 * and so never advance it. Its state is the watermark itself, so it survives checkpoints.
 */
public final class EventTimeWatermarkEstimator implements TimestampObservingWatermarkEstimator<Instant> {

  private final Duration maxOutOfOrderness;
  private Instant watermark;

  public EventTimeWatermarkEstimator(Instant state, Duration maxOutOfOrderness) {
    this.watermark = state == null ? BoundedWindow.TIMESTAMP_MIN_VALUE : state;
    this.maxOutOfOrderness = maxOutOfOrderness;
  }

  @Override
  public void observeTimestamp(Instant timestamp) {
    if (timestamp.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      Instant candidate = timestamp.minus(maxOutOfOrderness);
      if (candidate.isAfter(watermark)) {
        watermark = candidate;
      }
    }
  }

  @Override
  public Instant currentWatermark() {
    return watermark;
  }

  @Override
  public Instant getState() {
    return watermark;
  }
}
