package dev.sluice.pipelines.windowedaggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One key's windows that may still change, by start: the accumulator so far, how many panes were
 * emitted, and whether readings wait for the window's on-time pane. Kept as one state value per
 * key, so an event costs one state read and write however many windows the key has open.
 */
final class OpenWindows {

  /** One window of the key. */
  static final class Slot {
    final ReadingStats stats;
    long panes;
    boolean waiting;

    Slot(ReadingStats stats, long panes, boolean waiting) {
      this.stats = stats;
      this.panes = panes;
      this.waiting = waiting;
    }
  }

  private final TreeMap<Long, Slot> byStart;

  /** The event time the key's timer is set for, or null when none is set. */
  Long timerAt;

  /** Whether that timer holds the output watermark (set while a window waits for its pane). */
  boolean timerHolds;

  OpenWindows() {
    this(new TreeMap<>(), null, false);
  }

  private OpenWindows(TreeMap<Long, Slot> byStart, Long timerAt, boolean timerHolds) {
    this.byStart = byStart;
    this.timerAt = timerAt;
    this.timerHolds = timerHolds;
  }

  /** The window starting there, or null if the key has none open. */
  Slot get(long start) {
    return byStart.get(start);
  }

  Slot open(long start) {
    Slot slot = new Slot(new ReadingStats(), 0, false);
    byStart.put(start, slot);
    return slot;
  }

  Iterator<Map.Entry<Long, Slot>> iterator() {
    return byStart.entrySet().iterator();
  }

  boolean isEmpty() {
    return byStart.isEmpty();
  }

  int size() {
    return byStart.size();
  }

  /**
   * When the key must next wake up: the end (max timestamp) of the earliest window with waiting
   * readings, or the expiry of the earliest window without, whichever comes first; null if none.
   */
  Long nextWake(long sizeMillis, long latenessMillis) {
    Long next = null;
    for (Map.Entry<Long, Slot> e : byStart.entrySet()) {
      long maxTimestamp = e.getKey() + sizeMillis - 1;
      long at = e.getValue().waiting ? maxTimestamp : maxTimestamp + latenessMillis;
      if (next == null || at < next) {
        next = at;
      }
    }
    return next;
  }

  boolean anyWaiting() {
    return byStart.values().stream().anyMatch(s -> s.waiting);
  }

  /**
   * Start, stats, pane count and waiting flag per window, then the timer (0 none, 1, 2 holding).
   */
  static final class Coder extends AtomicCoder<OpenWindows> {
    static final Coder INSTANCE = new Coder();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(OpenWindows open, OutputStream out) throws IOException {
      INT.encode(open.byStart.size(), out);
      for (Map.Entry<Long, Slot> e : open.byStart.entrySet()) {
        LONG.encode(e.getKey(), out);
        ReadingStats.StatsCoder.INSTANCE.encode(e.getValue().stats, out);
        LONG.encode(e.getValue().panes, out);
        out.write(e.getValue().waiting ? 1 : 0);
      }
      out.write(open.timerAt == null ? 0 : open.timerHolds ? 2 : 1);
      if (open.timerAt != null) {
        LONG.encode(open.timerAt, out);
      }
    }

    @Override
    public OpenWindows decode(InputStream in) throws IOException {
      int n = INT.decode(in);
      TreeMap<Long, Slot> byStart = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        long start = LONG.decode(in);
        ReadingStats stats = ReadingStats.StatsCoder.INSTANCE.decode(in);
        long panes = LONG.decode(in);
        byStart.put(start, new Slot(stats, panes, in.read() == 1));
      }
      int timer = in.read();
      Long timerAt = timer > 0 ? LONG.decode(in) : null;
      return new OpenWindows(byStart, timerAt, timer == 2);
    }

    @Override
    public void verifyDeterministic() {
      // A sorted map of numbers; doubles encode bit for bit.
    }
  }
}
