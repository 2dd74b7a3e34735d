package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.kit.RunSummary;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.SluiceMetrics;
import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The same panes as {@link AggregateWindows#combining} without early firings (Beam's default
 * trigger, accumulating, on-time pane only when non-empty), from one state value and one event-time
 * timer per key instead of Beam's state cells and timers per key and window: on Flink that
 * machinery is most of the aggregation's CPU when a key has few events per window.
 *
 * <p>Fixed and sliding windows only (sessions merge, which needs Beam's windowing). A reading whose
 * window's end the watermark has passed gives a LATE pane at once (ON_TIME if readings of that
 * window still wait for it), one per reading, as on Flink; the Direct runner's GroupByKey folds the
 * late readings of one key in one bundle into one pane. A reading whose window has expired is
 * dropped and counted, as Beam's GroupByKey does.
 */
final class SummarizeWindowsPerKey
    extends PTransform<PCollection<Event>, PCollection<WindowResult>> {

  /**
   * Key-windows given state, and those whose state was cleared at expiry: open = the difference.
   */
  static final String WINDOWS_OPENED = "keyed_windows_opened";

  static final String WINDOWS_CLOSED = "keyed_windows_closed";

  private final ReadingExtractor reading;
  private final EventWindows windows;
  private final Duration allowedLateness;

  SummarizeWindowsPerKey(ReadingExtractor reading, EventWindows windows, Duration lateness) {
    if (windows.kind() == EventWindows.Kind.SESSION) {
      throw new IllegalArgumentException(
          "--aggregation=keyed keeps fixed and sliding windows; sessions merge: use"
              + " --aggregation=combine");
    }
    this.reading = reading;
    this.windows = windows;
    this.allowedLateness = lateness;
  }

  @Override
  public PCollection<WindowResult> expand(PCollection<Event> events) {
    if (!(events.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalStateException(
          "SummarizeWindowsPerKey cuts its own windows: feed it events in the global window");
    }
    return events
        .apply("ToReadings", AggregateWindows.toReadings(reading))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
        .apply("SummarizeOpenWindows", ParDo.of(new KeyedWindowsFn(windows, allowedLateness)));
  }

  /** A key's open windows in one state value, woken by one timer. */
  static final class KeyedWindowsFn extends DoFn<KV<String, Double>, WindowResult> {

    private final EventWindows windows;
    private final long sizeMillis;
    private final long latenessMillis;
    private final boolean countMemberships;
    private final Counter panesOut =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.PANES_OUT);
    private final Counter memberships =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.WINDOW_MEMBERSHIPS);
    private final Counter dropped =
        Metrics.counter(SluiceMetrics.NAMESPACE, RunSummary.DROPPED_DUE_TO_LATENESS);
    private final Counter opened = Metrics.counter(SluiceMetrics.NAMESPACE, WINDOWS_OPENED);
    private final Counter closed = Metrics.counter(SluiceMetrics.NAMESPACE, WINDOWS_CLOSED);

    @StateId("open")
    private final StateSpec<ValueState<OpenWindows>> openSpec =
        StateSpecs.value(OpenWindows.Coder.INSTANCE);

    @TimerId("wake")
    private final TimerSpec wakeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    KeyedWindowsFn(EventWindows windows, Duration allowedLateness) {
      this.windows = windows;
      this.sizeMillis = windows.size().getMillis();
      this.latenessMillis = allowedLateness.getMillis();
      this.countMemberships = windows.kind() != EventWindows.Kind.FIXED;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Double> element,
        @Timestamp Instant timestamp,
        @StateId("open") ValueState<OpenWindows> state,
        @TimerId("wake") Timer wake,
        OutputReceiver<WindowResult> out) {
      // An event-time timer's current time is the step's input watermark: the same value Beam's
      // GroupByKey judges lateness and fires its default trigger by.
      long watermark = wake.getCurrentRelativeTime().getMillis();
      OpenWindows open = state.read();
      if (open == null) {
        open = new OpenWindows();
      }
      for (IntervalWindow w : windows.windowsOf(timestamp.getMillis())) {
        if (countMemberships) {
          memberships.inc();
        }
        long maxTimestamp = w.maxTimestamp().getMillis();
        if (maxTimestamp + latenessMillis < watermark) {
          dropped.inc();
          continue;
        }
        long start = w.start().getMillis();
        OpenWindows.Slot slot = open.get(start);
        if (slot == null) {
          slot = open.open(start);
          opened.inc();
        }
        slot.stats.add(element.getValue());
        if (watermark > maxTimestamp) {
          PaneInfo.Timing timing =
              slot.waiting && slot.panes == 0 ? PaneInfo.Timing.ON_TIME : PaneInfo.Timing.LATE;
          slot.waiting = false;
          out.outputWithTimestamp(
              pane(element.getKey(), start, slot, timing, false), new Instant(maxTimestamp));
        } else {
          slot.waiting = true;
        }
      }
      schedule(open, state, wake);
    }

    @OnTimer("wake")
    public void wake(
        OnTimerContext context,
        @Key String key,
        @StateId("open") ValueState<OpenWindows> state,
        @TimerId("wake") Timer wake) {
      long firedAt = context.fireTimestamp().getMillis();
      long watermark = wake.getCurrentRelativeTime().getMillis();
      OpenWindows open = state.read();
      if (open == null) {
        return;
      }
      open.timerAt = null;
      open.timerHolds = false;
      for (Iterator<Map.Entry<Long, OpenWindows.Slot>> it = open.iterator(); it.hasNext(); ) {
        Map.Entry<Long, OpenWindows.Slot> e = it.next();
        long maxTimestamp = e.getKey() + sizeMillis - 1;
        OpenWindows.Slot slot = e.getValue();
        long expiry = maxTimestamp + latenessMillis;
        boolean expired = expiry <= firedAt || expiry < watermark;
        if (slot.waiting && (maxTimestamp <= firedAt || maxTimestamp < watermark)) {
          PaneInfo.Timing timing = slot.panes == 0 ? PaneInfo.Timing.ON_TIME : PaneInfo.Timing.LATE;
          slot.waiting = false;
          // A pane fired once the window has also expired (no allowed lateness, or a watermark
          // that jumped past both) is its last, as Beam marks it.
          context.outputWithTimestamp(
              pane(key, e.getKey(), slot, timing, expired), new Instant(maxTimestamp));
        }
        if (!slot.waiting && expired) {
          it.remove();
          closed.inc();
        }
      }
      schedule(open, state, wake);
    }

    private WindowResult pane(
        String key, long start, OpenWindows.Slot slot, PaneInfo.Timing timing, boolean last) {
      panesOut.inc();
      ReadingStats s = slot.stats;
      WindowResult result =
          new WindowResult(
              key,
              java.time.Instant.ofEpochMilli(start),
              java.time.Instant.ofEpochMilli(start + sizeMillis),
              s.count(),
              s.sum(),
              s.min(),
              s.max(),
              s.avg(),
              timing.name(),
              slot.panes,
              last);
      slot.panes++;
      return result;
    }

    /**
     * Sets the key's one timer for its next wake-up, holding the output watermark while a window
     * waits for its on-time pane (as Beam's end-of-window hold does); forgets the key when nothing
     * is open.
     */
    private void schedule(OpenWindows open, ValueState<OpenWindows> state, Timer wake) {
      Long next = open.nextWake(sizeMillis, latenessMillis);
      if (next == null) {
        if (open.timerAt != null) {
          wake.clear();
        }
        state.clear();
        return;
      }
      boolean hold = open.anyWaiting();
      if (!next.equals(open.timerAt) || hold != open.timerHolds) {
        (hold ? wake : wake.withNoOutputTimestamp()).set(new Instant(next));
        open.timerAt = next;
        open.timerHolds = hold;
      }
      state.write(open);
    }
  }
}
