package dev.sluice.pipelines.iottelemetry;

import dev.sluice.time.EventWindows;
import java.io.Serializable;

/**
 * When a reading can be scored: once the watermark passes its stats window's expiry plus one more
 * window (the margin the aggregation keeps for a restarted gate clock), no earlier reading can
 * still be admitted, so scoring in event-time order is final. The job and its audit share this.
 */
final class ScoringClock implements Serializable {

  private final long sizeMillis;
  private final long latenessMillis;

  ScoringClock(EventWindows windows) {
    this.sizeMillis = windows.size().getMillis();
    this.latenessMillis = windows.allowedLateness().getMillis();
  }

  /** The watermark at which a reading at {@code time} is scored. */
  long readyAt(long time) {
    long end = Math.floorDiv(time, sizeMillis) * sizeMillis + sizeMillis;
    return end + latenessMillis + sizeMillis;
  }

  /** Every reading before the returned time is known once the watermark reaches {@code horizon}. */
  long knownThrough(long horizon) {
    return Math.floorDiv(horizon - latenessMillis - sizeMillis, sizeMillis) * sizeMillis;
  }
}
