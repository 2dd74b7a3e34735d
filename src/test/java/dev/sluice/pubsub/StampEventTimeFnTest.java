package dev.sluice.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.event.EventParser;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Event time and late marking against the read's timestamp (10 s windows, 30 s lateness). */
class StampEventTimeFnTest {

  private static final EventParser PARSER = new EventParser(java.time.Duration.ofMinutes(5));
  private static final EventWindows WINDOWS =
      new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30));

  private final StampEventTimeFn fn = new StampEventTimeFn(PARSER, "s", WINDOWS);

  @Test
  void aValidEventIsStampedWithItsOwnTimeEvenLongBeforeTheRead() {
    // Window [0, 10 s) expires at 40 s - 1 ms: read at 39.999 s it is still admitted.
    assertEquals(new Instant(5_000), fn.stamp(5_000, new Instant(39_999)));
  }

  @Test
  void anEventReadAfterItsWindowExpiredIsMarkedLate() {
    assertEquals(LateMarker.TIMESTAMP, fn.stamp(5_000, new Instant(40_000)));
  }

  @Test
  void withoutLateMarkingEveryEventKeepsItsTime() {
    StampEventTimeFn unmarked = new StampEventTimeFn(PARSER, "s", null);
    assertEquals(new Instant(5_000), unmarked.stamp(5_000, new Instant(3_600_000)));
  }

  @Test
  void anInvalidRecordGetsTheMinimumTimestamp() {
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, fn.stamp(Long.MIN_VALUE, new Instant(0)));
  }
}
