package dev.sluice.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The count-window machine alone: its replay (sorted input, as the pipeline's timers give it) for L
 * = D, L > D and L < D, and its step for what only arrival order can cause (a late event) and for
 * the state bound.
 */
class CountWindowFnTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final EventParser PARSER = new EventParser(java.time.Duration.ofHours(1));
  static final SettlingClock CLOCK =
      new SettlingClock(
          new EventWindows(Duration.standardSeconds(10), Duration.standardSeconds(30)));
  static final long IDLE = 3_600_000;

  static Event event(String id, String key, long second, double value) {
    return PARSER.parse(CloudEvents.reading(id, key, T0.plusSeconds(second), value, 0)).event();
  }

  /** Events e1..en of key A, one a second, values 1..n. */
  static List<Event> events(int n) {
    List<Event> all = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      all.add(event("e" + i, "A", i, i));
    }
    return all;
  }

  static CountWindowFn fn(long length, long slide) {
    return new CountWindowFn(
        CLOCK,
        new CountWindows.Settings(length, slide, IDLE),
        e -> e.data().get("value").asDouble());
  }

  /** "i:first-last sum" per emitted window, in emission order. */
  static List<String> windows(List<CountWindowFn.Out> outs) {
    List<String> w = new ArrayList<>();
    for (CountWindowFn.Out o : outs) {
      CountWindow c = o.window();
      w.add(c.index() + ":" + c.firstPosition() + "-" + c.lastPosition() + " " + c.sum());
    }
    return w;
  }

  /** Replays without reaching the idle deadline, so the state stays for inspection. */
  static CountWindowState replay(
      CountWindowFn fn, List<Event> events, List<CountWindowFn.Out> out) {
    return fn.replay("A", events, T0.plusSeconds(100).toEpochMilli(), (v, at) -> out.add(v));
  }

  @Test
  void lengthEqualToSlideGivesTumblingWindowsAndKeepsTheRestPending() {
    List<CountWindowFn.Out> out = new ArrayList<>();
    CountWindowState s = replay(fn(3, 3), events(7), out);
    assertEquals(List.of("0:1-3 6.0", "1:4-6 15.0"), windows(out));
    assertEquals(7, s.placed());
    assertEquals(1, s.unresolved());
    assertEquals(1, s.heldValues());
  }

  /** The docs' worked example: L = 3, D = 2 on 7 events. */
  @Test
  void lengthAboveSlideOverlaps() {
    List<CountWindowFn.Out> out = new ArrayList<>();
    CountWindowState s = replay(fn(3, 2), events(7), out);
    assertEquals(List.of("0:1-3 6.0", "1:3-5 12.0", "2:5-7 18.0"), windows(out));
    CountWindow w1 = out.get(1).window();
    assertEquals(T0.plusSeconds(3), w1.firstTime());
    assertEquals(T0.plusSeconds(5), w1.lastTime());
    assertEquals(3, w1.count());
    assertEquals(3.0, w1.min());
    assertEquals(5.0, w1.max());
    assertEquals(4.0, w1.avg());
    assertEquals(0, s.unresolved());
    assertEquals(1, s.heldValues()); // position 7 starts W_3 (7..9)
  }

  @Test
  void lengthBelowSlideSkipsTheGaps() {
    List<CountWindowFn.Out> out = new ArrayList<>();
    CountWindowState s = replay(fn(2, 3), events(8), out);
    // W_0 = 1..2, W_1 = 4..5, W_2 = 7..8; positions 3 and 6 are in no window.
    assertEquals(List.of("0:1-2 3.0", "1:4-5 9.0", "2:7-8 15.0"), windows(out));
    assertEquals(0, s.unresolved());
    assertEquals(0, s.heldValues());
  }

  @Test
  void arrivalOrderDoesNotMatterAndTiesGoBySourceThenId() {
    List<Event> in = events(6);
    // Two more at second 6: same time as e6, ids that sort before it.
    in.add(event("a6", "A", 6, 100));
    in.add(event("b6", "A", 6, 1000));
    List<CountWindowFn.Out> sorted = new ArrayList<>();
    replay(fn(2, 2), in, sorted);
    Collections.shuffle(in, new Random(7));
    List<CountWindowFn.Out> shuffled = new ArrayList<>();
    replay(fn(2, 2), in, shuffled);
    assertEquals(windows(sorted), windows(shuffled));
    // Positions 6, 7, 8 are a6, b6, e6: W_2 = e5 + a6, W_3 = b6 + e6.
    assertEquals(List.of("0:1-2 3.0", "1:3-4 7.0", "2:5-6 105.0", "3:7-8 1006.0"), windows(sorted));
  }

  @Test
  void anEventBehindANumberedPositionIsLateWithAReasonAndTheCountersAddUp() throws Exception {
    CountWindowFn fn = fn(2, 2);
    List<CountWindowFn.Out> out = new ArrayList<>();
    ReplayCounters counters = new ReplayCounters();
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(counters)) {
      CountWindowState s = null;
      for (Event e : events(3)) {
        s = fn.step("A", s, e, (v, at) -> out.add(v));
      }
      // Arrives after positions 1..3 were numbered (W_0 = 1..2 already emitted) but sorts before 3.
      Event late = event("x", "A", 2, 50);
      CountWindowState after = fn.step("A", s, late, (v, at) -> out.add(v));
      assertSame(s, after);
      assertEquals(3, after.placed());
      assertEquals(2, out.size());
      LateEvent l = out.get(1).late();
      assertEquals(late, l.event());
      assertEquals(T0.plusSeconds(3), l.windowEnd());
      assertTrue(l.reason().contains("already numbered position 3"), l.reason());
      assertTrue(
          l.lateTopicHeaders().stream().anyMatch(h -> h.name().equals(LateEvent.REASON_HEADER)),
          "reason header");
      // The key goes idle: its incomplete window (position 3) is counted, the key forgotten.
      assertNull(fn.expire("A", after, fn.deadline(after), (v, at) -> out.add(v)));
    }
    assertEquals(2, counters.count(SluiceMetrics.COUNT_WINDOWED));
    assertEquals(1, counters.count(SluiceMetrics.COUNT_LATE));
    assertEquals(1, counters.count(SluiceMetrics.COUNT_INCOMPLETE));
    assertEquals(0, counters.count(SluiceMetrics.COUNT_SKIPPED));
    // Nothing counted the 4 in (that is the keying step's), so pending went down by all 4.
    assertEquals(-4, counters.count(SluiceMetrics.COUNT_PENDING));
  }

  @Test
  void stateHoldsAtMostLValuesPerKeyWhateverTheStreamLength() throws Exception {
    for (long[] ld : new long[][] {{5, 2}, {5, 5}, {2, 5}, {1, 1}}) {
      CountWindowFn fn = fn(ld[0], ld[1]);
      CountWindowState s = null;
      int most = 0;
      List<CountWindowFn.Out> out = new ArrayList<>();
      try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(new ReplayCounters())) {
        for (int i = 1; i <= 1000; i++) {
          s = fn.step("A", s, event("e" + i, "A", i, i), (v, at) -> out.add(v));
          most = Math.max(most, s.heldValues());
        }
      }
      // Between events at most L - 1: a window complete at L is emitted and let go at once.
      assertTrue(most <= ld[0] - 1, "held " + most + " with L=" + ld[0]);
      assertTrue(most >= Math.min(ld[0], ld[1]) - 1, "held " + most); // it does hold values
      assertEquals(1000, s.placed());
      // Windows ending at or before 1000: i*D + L <= 1000.
      assertEquals((1000 - ld[0]) / ld[1] + 1, out.size(), "L=" + ld[0] + " D=" + ld[1]);
    }
  }

  @Test
  void aFinishedReplayForgetsTheKeyAfterItsIdleTimeout() {
    List<CountWindowFn.Out> out = new ArrayList<>();
    assertNull(fn(3, 3).replay("A", events(7), Long.MAX_VALUE - 1, (v, at) -> out.add(v)));
    assertEquals(2, out.size());
  }
}
