package dev.sluice.time;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The timestamp a source gives a valid event whose window had already expired by the partition's
 * watermark when it was read. Only the source knows that watermark exactly at read time; the steps
 * after it divert or drop what carries this mark instead of judging lateness again.
 */
public final class LateMarker {

  public static final Instant TIMESTAMP =
      BoundedWindow.TIMESTAMP_MIN_VALUE.plus(Duration.millis(1));

  private LateMarker() {}

  public static boolean isMarked(Instant timestamp) {
    return TIMESTAMP.equals(timestamp);
  }
}
