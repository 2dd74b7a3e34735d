package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.kit.RunSummary;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A key's open windows in one state value, woken by one timer; with admission, also the identities
 * it has counted, each until the watermark passes its horizon. See {@link SummarizeWindowsPerKey}.
 */
final class KeyedWindowsFn extends DoFn<KV<String, Event>, WindowResult> {

  private final ReadingExtractor reading;
  private final EventWindows windows;
  private final long sizeMillis;
  private final long latenessMillis;
  private final boolean countMemberships;
  private final SummarizeWindowsPerKey.Admission admission;
  private final Counter panesOut =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.PANES_OUT);
  private final Counter memberships =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.WINDOW_MEMBERSHIPS);
  private final Counter dropped =
      Metrics.counter(SluiceMetrics.NAMESPACE, RunSummary.DROPPED_DUE_TO_LATENESS);
  private final Counter late = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.LATE);
  private final Counter duplicates =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.DUPLICATES);
  private final Counter aggregated =
      Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.AGGREGATED);
  private final Counter opened =
      Metrics.counter(SluiceMetrics.NAMESPACE, SummarizeWindowsPerKey.WINDOWS_OPENED);
  private final Counter closed =
      Metrics.counter(SluiceMetrics.NAMESPACE, SummarizeWindowsPerKey.WINDOWS_CLOSED);

  @StateId("open")
  private final StateSpec<ValueState<OpenWindows>> openSpec =
      StateSpecs.value(OpenWindows.Coder.INSTANCE);

  /** Identities (source, id) counted while their horizon lasts -> that horizon. */
  @StateId("seen")
  private final StateSpec<MapState<String, Long>> seenSpec =
      StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

  @TimerId("wake")
  private final TimerSpec wakeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  KeyedWindowsFn(
      ReadingExtractor reading,
      EventWindows windows,
      Duration allowedLateness,
      SummarizeWindowsPerKey.Admission admission) {
    this.reading = reading;
    this.windows = windows;
    this.sizeMillis = windows.size().getMillis();
    this.latenessMillis = allowedLateness.getMillis();
    this.countMemberships = windows.kind() != EventWindows.Kind.FIXED;
    this.admission = admission;
  }

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @Timestamp Instant timestamp,
      @StateId("open") ValueState<OpenWindows> state,
      @StateId("seen") MapState<String, Long> seen,
      @TimerId("wake") Timer wake,
      MultiOutputReceiver out) {
    // An event-time timer's current time is the step's input watermark: the same value Beam's
    // GroupByKey judges lateness and fires its default trigger by.
    long watermark = wake.getCurrentRelativeTime().getMillis();
    Event event = element.getValue();
    if (!admitted(event, timestamp, watermark, seen, out)) {
      return;
    }
    double value = reading.read(event);
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
      slot.stats.add(value);
      if (watermark > maxTimestamp) {
        PaneInfo.Timing timing =
            slot.waiting && slot.panes == 0 ? PaneInfo.Timing.ON_TIME : PaneInfo.Timing.LATE;
        slot.waiting = false;
        out.get(WindowedAggregate.RESULTS)
            .outputWithTimestamp(
                pane(element.getKey(), start, slot, timing, false), new Instant(maxTimestamp));
      } else {
        slot.waiting = true;
      }
    }
    schedule(open, state, seen, wake);
  }

  /**
   * Whether the event goes on to its windows. Lateness first: a copy arriving after its window
   * expired is late, not a repeat. Counts what it decides only when it is the gate.
   */
  private boolean admitted(
      Event event,
      Instant timestamp,
      long watermark,
      MapState<String, Long> seen,
      MultiOutputReceiver out) {
    boolean marked = LateMarker.isMarked(timestamp);
    if (admission.captureLate()
        && (marked || windows.expiryOf(timestamp.getMillis()).getMillis() < watermark)) {
      late.inc();
      out.get(WindowedAggregate.LATE).output(AdmitEvents.lateEvent(windows, event));
      return false;
    }
    if (marked) {
      // Expired when the source read it and nobody captures it: dropped, as Beam's GroupByKey
      // would.
      dropped.inc();
      return false;
    }
    if (admission.deduplicate()) {
      long horizon = windows.horizonOf(timestamp.getMillis()).getMillis();
      String identity = event.identity();
      Long seenUntil = seen.get(identity).read();
      if (seenUntil != null && seenUntil == horizon) {
        duplicates.inc();
        return false;
      }
      seen.put(identity, horizon);
    }
    if (admission.any()) {
      aggregated.inc();
    }
    return true;
  }

  @OnTimer("wake")
  public void wake(
      OnTimerContext context,
      @Key String key,
      @StateId("open") ValueState<OpenWindows> state,
      @StateId("seen") MapState<String, Long> seen,
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
    if (admission.deduplicate()) {
      forget(seen, watermark);
    }
    schedule(open, state, seen, wake);
  }

  /** Identities whose horizon the watermark has passed: any copy now is late, not a repeat. */
  private static void forget(MapState<String, Long> seen, long watermark) {
    List<String> past = new ArrayList<>();
    for (Map.Entry<String, Long> e : seen.entries().read()) {
      if (e.getValue() < watermark) {
        past.add(e.getKey());
      }
    }
    past.forEach(seen::remove);
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
   * waits for its on-time pane (as Beam's end-of-window hold does); forgets the key when nothing is
   * open. An identity's horizon is the expiry of its last window, so while it matters that window
   * is open and the timer wakes the key by then.
   */
  private void schedule(
      OpenWindows open, ValueState<OpenWindows> state, MapState<String, Long> seen, Timer wake) {
    Long next = open.nextWake(sizeMillis, latenessMillis);
    if (next == null) {
      if (open.timerAt != null) {
        wake.clear();
      }
      state.clear();
      if (admission.deduplicate()) {
        seen.clear();
      }
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
