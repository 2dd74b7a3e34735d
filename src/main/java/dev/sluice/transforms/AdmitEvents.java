package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.event.LateEvent;
import dev.sluice.io.EventTimePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The gate in front of the aggregation: drops repeats of a CloudEvent (same source and id) and
 * diverts events whose window has already expired to {@link #LATE}, where Beam's GroupByKey would
 * otherwise drop them silently. Everything else goes on to {@link #ADMITTED}.
 *
 * <p>A source that knows its watermark (see {@link EventTimePolicy}) stamps events that were
 * already late when read; those go to {@link #LATE} directly. Everything else is checked against
 * what this step knows of the watermark. A DoFn cannot read the watermark; it learns it from
 * event-time timers. Here a clock does the
 * learning: a chain of timers, one per window expiry, walking the watermark in window-size steps. A
 * fired tick at expiry G proves that every window expiring at or before G is gone, for every key.
 * Events are spread over a fixed number of shards by key, so state is a few values per shard plus
 * the identities inside their horizon, however many keys there are, and what any shard learns is
 * shared with all shards in the same JVM, so a key never seen before is classified correctly too.
 * The pending tick holds the output watermark at its expiry: downstream, the GroupByKey's watermark
 * cannot pass the expiry of a window this step still considers open, so nothing admitted is dropped.
 * A chain stops after {@code keepAlive} of event time without new windows; the next event restarts it.
 *
 * <p>Both jobs live in one keyed step on purpose: one shuffle instead of two, and on Flink a step
 * that fires timers forwards the watermark only after its next bundle, so a second stateful step
 * behind this one would see events ahead of the watermark that expired their state.
 */
public final class AdmitEvents extends PTransform<PCollection<Event>, PCollectionTuple> {

  public static final TupleTag<Event> ADMITTED = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  private final EventWindows windows;
  private final boolean deduplicate;
  private final boolean captureLate;
  private final int shards;
  private final Duration keepAlive;

  public AdmitEvents(EventWindows windows, boolean deduplicate, boolean captureLate, int shards, Duration keepAlive) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1");
    }
    this.windows = windows;
    this.deduplicate = deduplicate;
    this.captureLate = captureLate;
    this.shards = shards;
    this.keepAlive = keepAlive;
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    int n = shards;
    PCollectionTuple admitted =
        events
            .apply(
                "KeyByShard",
                WithKeys.of((Event e) -> Math.floorMod(e.key().hashCode(), n)).withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), events.getCoder()))
            .apply(
                "DropRepeatsDivertLate",
                ParDo.of(new AdmitFn(windows, deduplicate, captureLate, keepAlive))
                    .withOutputTags(ADMITTED, TupleTagList.of(LATE)));
    admitted.get(ADMITTED).setCoder(events.getCoder());
    return admitted;
  }

  static final class AdmitFn extends DoFn<KV<Integer, Event>, Event> {

    /** Watermark knowledge shared by all instances of one step in this JVM: largest expiry known passed. */
    private static final Map<String, AtomicLong> KNOWLEDGE = new ConcurrentHashMap<>();

    private final EventWindows windows;
    private final boolean deduplicate;
    private final boolean captureLate;
    private final long sizeMillis;
    private final long keepAliveMillis;
    private final String knowledgeId = UUID.randomUUID().toString();
    private final Counter late = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.LATE);
    private final Counter duplicates = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.DUPLICATES);
    private final Counter admitted = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.AGGREGATED);

    /** Identities inside their horizon -> the expiry of their window. */
    @StateId("seen")
    private final StateSpec<MapState<String, Long>> seenSpec = StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

    /** Largest window expiry this shard's clock has seen the watermark pass. */
    @StateId("expiredThrough")
    private final StateSpec<ValueState<Long>> expiredThroughSpec = StateSpecs.value(VarLongCoder.of());

    /** Expiry the pending tick stands for; empty while the chain is stopped. */
    @StateId("pendingTick")
    private final StateSpec<ValueState<Long>> pendingTickSpec = StateSpecs.value(VarLongCoder.of());

    /** Latest window expiry among events this shard admitted. */
    @StateId("lastExpiry")
    private final StateSpec<ValueState<Long>> lastExpirySpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("clock")
    private final TimerSpec clockSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    AdmitFn(EventWindows windows, boolean deduplicate, boolean captureLate, Duration keepAlive) {
      this.windows = windows;
      this.deduplicate = deduplicate;
      this.captureLate = captureLate;
      this.sizeMillis = windows.size().getMillis();
      this.keepAliveMillis = keepAlive.getMillis();
    }

    private AtomicLong knowledge() {
      return KNOWLEDGE.computeIfAbsent(knowledgeId, id -> new AtomicLong(Long.MIN_VALUE));
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Event> element,
        @Timestamp Instant timestamp,
        @StateId("seen") MapState<String, Long> seen,
        @StateId("expiredThrough") ValueState<Long> expiredThrough,
        @StateId("pendingTick") ValueState<Long> pendingTick,
        @StateId("lastExpiry") ValueState<Long> lastExpiry,
        @TimerId("clock") Timer clock,
        MultiOutputReceiver out) {
      Event event = element.getValue();
      IntervalWindow window = windows.windowOf(event.eventTimeMillis());
      long expiry = windows.expiryOf(window).getMillis();
      Long own = expiredThrough.read();
      long known = own == null ? knowledge().get() : knowledge().accumulateAndGet(own, Math::max);
      // Late either by the source's own watermark when it read the event, or by what the clock knows.
      if (captureLate && (timestamp.equals(EventTimePolicy.LATE_MARKER) || expiry <= known)) {
        late.inc();
        out.get(LATE).output(new LateEvent(event, window.start().getMillis(), window.end().getMillis(), expiry));
        return;
      }
      if (deduplicate) {
        Long seenExpiry = seen.get(event.identity()).read();
        if (seenExpiry != null && seenExpiry > known) {
          duplicates.inc();
          return;
        }
        seen.put(event.identity(), expiry);
      }
      admitted.inc();
      out.get(ADMITTED).output(event);

      Long last = lastExpiry.read();
      if (last == null || expiry > last) {
        lastExpiry.write(expiry);
      }
      Long pending = pendingTick.read();
      if (pending == null) {
        // (Re)start the chain right after what is known. A timer set while processing an element
        // may not hold the watermark before that element's timestamp, hence the lower bound.
        long start = known == Long.MIN_VALUE ? expiry : Math.max(known + sizeMillis, expiryAtOrAfter(event.eventTimeMillis()));
        arm(clock, pendingTick, Math.min(start, expiry));
      } else if (own == null && expiry < pending) {
        // Before its first tick, a shard's chain starts at the oldest window it has seen.
        arm(clock, pendingTick, expiry);
      }
    }

    @OnTimer("clock")
    public void onTick(
        @StateId("seen") MapState<String, Long> seen,
        @StateId("expiredThrough") ValueState<Long> expiredThrough,
        @StateId("pendingTick") ValueState<Long> pendingTick,
        @StateId("lastExpiry") ValueState<Long> lastExpiry,
        @TimerId("clock") Timer clock) {
      Long tick = pendingTick.read();
      if (tick == null) {
        return;
      }
      expiredThrough.write(tick);
      knowledge().accumulateAndGet(tick, Math::max);
      if (deduplicate) {
        forgetExpired(seen, tick);
      }
      long next = tick + sizeMillis;
      Long last = lastExpiry.read();
      if (last != null && next <= last + keepAliveMillis) {
        arm(clock, pendingTick, next);
      } else {
        pendingTick.clear();
      }
    }

    /** Identities whose horizon has passed can no longer repeat anything live. */
    private static void forgetExpired(MapState<String, Long> seen, long expiredThrough) {
      List<String> expired = new ArrayList<>();
      for (Map.Entry<String, Long> entry : seen.entries().read()) {
        if (entry.getValue() <= expiredThrough) {
          expired.add(entry.getKey());
        }
      }
      expired.forEach(seen::remove);
    }

    /** The expiry of the earliest window whose expiry is not before {@code timestampMillis}. */
    private long expiryAtOrAfter(long timestampMillis) {
      long expiry = windows.expiryOf(timestampMillis).getMillis();
      while (expiry - sizeMillis >= timestampMillis) {
        expiry -= sizeMillis;
      }
      return expiry;
    }

    /** The tick fires once the watermark is past {@code expiry}; until then it holds the output there. */
    private static void arm(Timer clock, ValueState<Long> pendingTick, long expiry) {
      pendingTick.write(expiry);
      clock.withOutputTimestamp(new Instant(expiry)).set(new Instant(expiry + 1));
    }
  }
}
