package dev.sluice.time;

import java.io.Serializable;

/**
 * When event time has settled behind the kit's gate: once the watermark passes the expiry of the
 * window an event falls in, plus one more window (the margin the aggregations keep for a restarted
 * gate clock), no event at or before that time can still be admitted. Per-key state machines that
 * must see their events in event-time order wait for this; their audits share it.
 */
public final class SettlingClock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long sizeMillis;
  private final long latenessMillis;

  public SettlingClock(EventWindows windows) {
    this.sizeMillis = windows.size().getMillis();
    this.latenessMillis = windows.allowedLateness().getMillis();
  }

  /** The watermark at which every event at or before {@code time} is known. */
  public long settledAt(long time) {
    long end = Math.floorDiv(time, sizeMillis) * sizeMillis + sizeMillis;
    return end + latenessMillis + sizeMillis;
  }

  /** Every event before the returned time is known once the watermark reaches {@code horizon}. */
  public long knownThrough(long horizon) {
    return Math.floorDiv(horizon - latenessMillis - sizeMillis, sizeMillis) * sizeMillis;
  }
}
