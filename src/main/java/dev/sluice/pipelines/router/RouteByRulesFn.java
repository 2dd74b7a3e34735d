package dev.sluice.pipelines.router;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.event.RawRecord;
import dev.sluice.rules.RuleChange;
import dev.sluice.rules.RuleHistory;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one shard's events by the rule set in force at each event's time. An event waits until the
 * watermark passes its time: by then every rule change published before that time has reached the
 * shard (the rules topic holds the watermark while it has unread records), so the choice does not
 * depend on arrival order and a replay routes exactly as the live run did. Waiting is done in steps
 * of {@link #STEP} of event time, one timer per step.
 *
 * <p>Waiting events are stored one per map entry under (step, arrival index), with a count per
 * step, so a step is routed by reading its own entries. A single bag was read whole and the events
 * not yet due written back at every step: when the watermark trails the input (a replay), that
 * rewrote the same events step after step and took over half the job's CPU (JFR, 2026-12-04).
 */
final class RouteByRulesFn extends DoFn<KV<Integer, RouteInput>, RawRecord> {

  static final long STEP = 1_000;
  static final String VERSION_HEADER = "sluice_rules_version";
  private static final Logger LOG = LoggerFactory.getLogger(RouteByRulesFn.class);

  @StateId("history")
  private final StateSpec<ValueState<List<RuleChange>>> historySpec =
      StateSpecs.value(ListCoder.of(SerializableCoder.of(RuleChange.class)));

  /** Waiting events by (step, arrival index within the step). */
  @StateId("pending")
  private final StateSpec<MapState<KV<Long, Integer>, Event>> pendingSpec =
      StateSpecs.map(KvCoder.of(VarLongCoder.of(), VarIntCoder.of()), EventCoder.of());

  /** How many events wait in each step. */
  @StateId("steps")
  private final StateSpec<MapState<Long, Integer>> stepsSpec =
      StateSpecs.map(VarLongCoder.of(), VarIntCoder.of());

  @StateId("nextFlush")
  private final StateSpec<ValueState<Long>> nextFlushSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("flush")
  private final TimerSpec flushSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final List<RuleChange> initial;
  private final Map<String, TupleTag<RawRecord>> tags;
  private final Counter routed = Metrics.counter(SluiceMetrics.NAMESPACE, RouterMetrics.ROUTED);
  private final Counter copies = Metrics.counter(SluiceMetrics.NAMESPACE, RouterMetrics.COPIES);
  private final Counter applied = Metrics.counter(SluiceMetrics.NAMESPACE, RouterMetrics.APPLIED);
  private final Counter stale = Metrics.counter(SluiceMetrics.NAMESPACE, RouterMetrics.REFUSED);
  private transient Map<Long, RuleSet> parsed;

  /**
   * @param initial the rule sets known before the first record: the startup rule set, in force from
   *     the beginning of time, and those a previous run already read from the rules topic
   * @param tags the output of each topic a rule set may send to
   */
  RouteByRulesFn(RuleHistory initial, Map<String, TupleTag<RawRecord>> tags) {
    this.initial = new ArrayList<>(initial.changes());
    this.tags = new HashMap<>(tags);
  }

  @ProcessElement
  public void process(
      @Element KV<Integer, RouteInput> element,
      @Timestamp Instant timestamp,
      @StateId("history") ValueState<List<RuleChange>> history,
      @StateId("pending") MapState<KV<Long, Integer>, Event> pending,
      @StateId("steps") MapState<Long, Integer> steps,
      @StateId("nextFlush") ValueState<Long> nextFlush,
      @TimerId("flush") Timer flush) {
    RouteInput input = element.getValue();
    if (input.change() != null) {
      learn(element.getKey(), input.change(), history);
      return;
    }
    long due = dueAt(timestamp.getMillis());
    Integer waiting = steps.get(due).read();
    int index = waiting == null ? 0 : waiting;
    pending.put(KV.of(due, index), input.event());
    steps.put(due, index + 1);
    Long scheduled = nextFlush.read();
    if (scheduled == null || due < scheduled) {
      flush.set(new Instant(due));
      nextFlush.write(due);
    }
  }

  @OnTimer("flush")
  public void onFlush(
      OnTimerContext ctx,
      @StateId("history") ValueState<List<RuleChange>> history,
      @StateId("pending") MapState<KV<Long, Integer>, Event> pending,
      @StateId("steps") MapState<Long, Integer> steps,
      @StateId("nextFlush") ValueState<Long> nextFlush,
      @TimerId("flush") Timer flush) {
    long now = ctx.timestamp().getMillis();
    RuleHistory rules = history(history);
    // Steps at or before the timer, in time order, each in arrival order; the rest wait.
    TreeMap<Long, Integer> due = new TreeMap<>();
    long nextDue = Long.MAX_VALUE;
    for (Map.Entry<Long, Integer> step : steps.entries().read()) {
      if (step.getKey() <= now) {
        due.put(step.getKey(), step.getValue());
      } else {
        nextDue = Math.min(nextDue, step.getKey());
      }
    }
    for (Map.Entry<Long, Integer> step : due.entrySet()) {
      for (int i = 0; i < step.getValue(); i++) {
        KV<Long, Integer> id = KV.of(step.getKey(), i);
        Event e = pending.get(id).read();
        route(e, rules.at(e.eventTimeMillis()), ctx);
        pending.remove(id);
      }
      steps.remove(step.getKey());
    }
    if (nextDue == Long.MAX_VALUE) {
      nextFlush.clear();
    } else {
      flush.set(new Instant(nextDue));
      nextFlush.write(nextDue);
    }
  }

  private void route(Event event, RuleChange change, OnTimerContext ctx) {
    routed.inc();
    for (RawRecord copy : parsed(change).copies(event, change.version())) {
      copies.inc();
      ctx.output(tags.get(copy.topic()), copy);
    }
  }

  private void learn(int shard, RuleChange change, ValueState<List<RuleChange>> state) {
    RuleHistory history = history(state);
    if (history.knows(change.version())) {
      return; // the same record again (restart, replay of what the state already holds)
    }
    // Every shard gets each change; one of them speaks for all.
    boolean speaker = shard == 0;
    if (change.version() <= history.latestVersion()) {
      if (speaker) {
        stale.inc();
        LOG.warn(
            "router: rule set version {} refused: not newer than version {} already in force",
            change.version(),
            history.latestVersion());
      }
      return;
    }
    state.write(history.with(change).changes());
    if (speaker) {
      applied.inc();
      LOG.info(
          "router: rule set version {} applies to events from {}",
          change.version(),
          new Instant(change.effectiveFrom()));
    }
  }

  private RuleHistory history(ValueState<List<RuleChange>> state) {
    List<RuleChange> stored = state.read();
    return RuleHistory.of(stored == null ? initial : stored);
  }

  private RuleSet parsed(RuleChange change) {
    if (parsed == null) {
      parsed = new HashMap<>();
    }
    return parsed.computeIfAbsent(change.version(), v -> RuleSet.parse(change.text()));
  }

  /**
   * When the step that routes an event of time {@code millis} fires: its time rounded up a step.
   */
  static long dueAt(long millis) {
    return Math.floorDiv(millis + STEP - 1, STEP) * STEP;
  }
}
