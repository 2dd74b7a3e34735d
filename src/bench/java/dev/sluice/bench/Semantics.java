package dev.sluice.bench;

/**
 * The one windowing every contender implements: 10 s tumbling event-time windows, a watermark 10 s
 * behind the largest event time seen, results final 30 s after the watermark passed a window.
 */
public final class Semantics {

  public static final long WINDOW_MS = 10_000;
  public static final long OUT_OF_ORDERNESS_MS = 10_000;
  public static final long ALLOWED_LATENESS_MS = 30_000;

  /** Kafka Streams' grace: a window closes once stream time passes its end by this much. */
  public static final long GRACE_MS = OUT_OF_ORDERNESS_MS + ALLOWED_LATENESS_MS;

  public static final long IDLE_TIMEOUT_MS = 30_000;

  /**
   * Key of the far-future record written last to every partition. It closes the last windows in
   * Kafka Streams (suppress only emits when stream time moves on); its own window is left out of
   * every comparison.
   */
  public static final String SENTINEL_KEY = "bench-sentinel";

  /**
   * Key of the record that tells a streaming contender is reading before the paced input starts.
   */
  public static final String WARMUP_KEY = "bench-warmup";

  private Semantics() {}

  public static long windowStart(long eventTimeMillis) {
    return Math.floorDiv(eventTimeMillis, WINDOW_MS) * WINDOW_MS;
  }

  /** Keys that only steer the run and are not part of the results. */
  public static boolean isMarker(String key) {
    return SENTINEL_KEY.equals(key) || WARMUP_KEY.equals(key);
  }
}
