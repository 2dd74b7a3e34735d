package dev.sluice.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The expiry and horizon rules of each windowing, checked against Beam's own window assignment. */
class EventWindowsTest {

  static final Duration LATENESS = Duration.standardSeconds(30);

  /** The windows Beam's WindowFn assigns to an element at {@code t}. */
  static List<IntervalWindow> beamWindows(EventWindows w, long t) throws Exception {
    WindowFn<Object, IntervalWindow> fn = w.windowFn();
    return List.copyOf(
        fn.assignWindows(
            fn.new AssignContext() {
              @Override
              public Object element() {
                return "x";
              }

              @Override
              public Instant timestamp() {
                return new Instant(t);
              }

              @Override
              public BoundedWindow window() {
                return GlobalWindow.INSTANCE;
              }
            }));
  }

  @Test
  void fixedWindowsKeepTheirExpiry() throws Exception {
    EventWindows fixed = new EventWindows(Duration.standardSeconds(10), LATENESS);
    assertEquals(Duration.standardSeconds(10), fixed.grain());
    assertEquals(1, fixed.windowsPerEvent());
    for (long t : new long[] {0, 9_999, 10_000, -1, 123_456}) {
      assertEquals(beamWindows(fixed, t), fixed.windowsOf(t));
      IntervalWindow w = fixed.windowOf(t);
      assertEquals(w.maxTimestamp().plus(LATENESS), fixed.expiryOf(t));
      assertEquals(fixed.expiryOf(t), fixed.horizonOf(t));
    }
  }

  @Test
  void slidingEventsAreLateByTheirEarliestWindowAndRememberedUntilTheirLast() throws Exception {
    EventWindows sliding =
        EventWindows.sliding(Duration.standardSeconds(15), Duration.standardSeconds(5), LATENESS);
    assertEquals(3, sliding.windowsPerEvent());
    assertEquals(Duration.standardSeconds(5), sliding.grain());
    for (long t : new long[] {0, 4_999, 5_000, 7_000, -3_000, 123_456}) {
      List<IntervalWindow> beam = new java.util.ArrayList<>(beamWindows(sliding, t));
      beam.sort(java.util.Comparator.comparing(IntervalWindow::start));
      assertEquals(beam, sliding.windowsOf(t), "t=" + t);
      assertEquals(beam.get(0), sliding.windowOf(t));
      assertEquals(beam.get(0).maxTimestamp().plus(LATENESS), sliding.expiryOf(t));
      assertEquals(beam.get(2).maxTimestamp().plus(LATENESS), sliding.horizonOf(t));
    }
    // 7 s is in [-5,10), [0,15), [5,20): late after 9.999 + 30 s, remembered until 49.999 s.
    assertEquals(new Instant(39_999), sliding.expiryOf(7_000));
    assertEquals(new Instant(49_999), sliding.horizonOf(7_000));
  }

  @Test
  void sessionEventsAreLateAtMostAGrainBeforeBeamDropsTheirProtoWindow() throws Exception {
    EventWindows sessions = EventWindows.sessions(Duration.standardSeconds(10), LATENESS);
    assertEquals(Duration.standardSeconds(1), sessions.grain());
    for (long t : new long[] {0, 1_500, 2_000, 9_999, -700, 123_456}) {
      IntervalWindow proto = beamWindows(sessions, t).get(0);
      assertEquals(new IntervalWindow(new Instant(t), Duration.standardSeconds(10)), proto);
      Instant beamExpiry = proto.maxTimestamp().plus(LATENESS);
      Instant gate = sessions.expiryOf(t);
      assertTrue(!gate.isAfter(beamExpiry), "t=" + t + ": admitted after Beam drops");
      assertTrue(gate.isAfter(beamExpiry.minus(sessions.grain())), "t=" + t + ": too early");
      assertEquals(999, Math.floorMod(gate.getMillis(), 1000), "on the grain's grid");
      assertEquals(beamExpiry, sessions.horizonOf(t));
    }
    assertEquals(
        Duration.standardMinutes(1),
        EventWindows.sessions(Duration.standardHours(1), LATENESS).grain());
    assertEquals(
        Duration.standardSeconds(3),
        EventWindows.sessions(Duration.standardSeconds(30), LATENESS).grain());
    assertEquals(
        Duration.millis(400), EventWindows.sessions(Duration.millis(400), LATENESS).grain());
  }

  @Test
  void slidesThatDoNotDivideTheWindowAndEmptyGapsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EventWindows.sliding(
                Duration.standardSeconds(10), Duration.standardSeconds(3), LATENESS));
    assertThrows(
        IllegalArgumentException.class,
        () -> EventWindows.sliding(Duration.standardSeconds(10), Duration.ZERO, LATENESS));
    assertThrows(
        IllegalArgumentException.class, () -> EventWindows.sessions(Duration.ZERO, LATENESS));
  }
}
