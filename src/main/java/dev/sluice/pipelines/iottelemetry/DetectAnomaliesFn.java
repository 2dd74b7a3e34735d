package dev.sluice.pipelines.iottelemetry;

import dev.sluice.time.SettlingClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
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

/**
 * Per device and metric: holds readings until no earlier one can still arrive, then scores them in
 * event-time order with {@link MetricDetector}; raises silence with the same clock; forgets a
 * series silent for the forget horizon.
 *
 * <p>A reading is held until the watermark passes its stats window's expiry plus one window (the
 * margin the aggregation keeps too): every reading the gate admits arrives before that, so the
 * order, and with it every score, does not depend on arrival order or bundles. One event-time timer
 * per series walks these points. When the input ends ({@code --bounded}) the watermark jumps to the
 * end of time, which is not evidence of silence: only gaps between readings count there.
 */
final class DetectAnomaliesFn extends DoFn<KV<String, MetricReading>, KV<String, String>> {

  static final String SCORED = "readings_scored";
  static final String ALERTS = "alerts";
  static final String FORGOTTEN = "series_forgotten";

  private final TupleTag<Alert> alerts;
  private final TupleTag<KV<String, String>> scores;
  private final DetectorSettings settings;
  private final SettlingClock clock;
  private final boolean bounded;
  private final int cacheSize;
  private final MetricDetector detector;
  private transient Map<String, ForestModel> forests;

  private final Counter scored = Metrics.counter(IotMetrics.NAMESPACE, SCORED);
  private final Counter raised = Metrics.counter(IotMetrics.NAMESPACE, ALERTS);
  private final Counter forgotten = Metrics.counter(IotMetrics.NAMESPACE, FORGOTTEN);

  @StateId("pending")
  private final StateSpec<BagState<MetricReading>> pendingSpec =
      StateSpecs.bag(MetricReadingCoder.of());

  @StateId("series")
  private final StateSpec<ValueState<SeriesState>> seriesSpec =
      StateSpecs.value(SeriesStateCoder.of());

  @StateId("nextFire")
  private final StateSpec<ValueState<Long>> nextFireSpec = StateSpecs.value(VarLongCoder.of());

  @StateId("forest")
  private final StateSpec<ValueState<byte[]>> forestSpec = StateSpecs.value(ByteArrayCoder.of());

  @StateId("forestAt")
  private final StateSpec<ValueState<Long>> forestAtSpec = StateSpecs.value(VarLongCoder.of());

  @StateId("forestLog")
  private final StateSpec<BagState<Double>> forestLogSpec = StateSpecs.bag(DoubleCoder.of());

  @TimerId("advance")
  private final TimerSpec advanceSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  DetectAnomaliesFn(
      TupleTag<KV<String, String>> scores,
      TupleTag<Alert> alerts,
      DetectorSettings settings,
      DetectAnomalies.Scoring scoring) {
    this.scores = scores;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = new SettlingClock(scoring.windows());
    this.bounded = scoring.inputEnds();
    this.cacheSize = scoring.modelCacheSize();
    this.detector = new MetricDetector(settings);
  }

  @Setup
  public void setup() {
    int max = cacheSize;
    forests =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ForestModel> eldest) {
            return size() > max;
          }
        };
  }

  @ProcessElement
  public void process(
      @Element KV<String, MetricReading> element,
      @StateId("pending") BagState<MetricReading> pending,
      @StateId("nextFire") ValueState<Long> nextFire,
      @TimerId("advance") Timer advance) {
    MetricReading r = element.getValue();
    pending.add(r);
    long at = clock.settledAt(r.time());
    Long next = nextFire.read();
    if (next == null || at < next) {
      advance.set(new Instant(at));
      nextFire.write(at);
    }
  }

  @OnTimer("advance")
  public void advance(
      OnTimerContext context,
      @Key String seriesKey,
      @StateId("pending") BagState<MetricReading> pending,
      @StateId("series") ValueState<SeriesState> seriesState,
      @StateId("nextFire") ValueState<Long> nextFire,
      @StateId("forest") ValueState<byte[]> forestSnapshot,
      @StateId("forestAt") ValueState<Long> forestAt,
      @StateId("forestLog") BagState<Double> forestLog,
      @TimerId("advance") Timer advance) {
    long horizon = context.fireTimestamp().getMillis();
    List<MetricReading> ready = new ArrayList<>();
    List<MetricReading> waiting = new ArrayList<>();
    for (MetricReading r : pending.read()) {
      (clock.settledAt(r.time()) <= horizon ? ready : waiting).add(r);
    }
    ready.sort(MetricReading::compare);
    SeriesState s = seriesState.read();
    if (s == null) {
      s = new SeriesState();
    }
    String device = ready.isEmpty() ? null : ready.get(0).device();
    String metric = ready.isEmpty() ? null : ready.get(0).metric();
    ForestModel forest = null;
    List<Double> learnedNow = new ArrayList<>();
    if (settings.forest() != null && !ready.isEmpty()) {
      forest = forest(seriesKey, s, forestSnapshot, forestAt, forestLog);
    }
    for (MetricReading r : ready) {
      emit(context, detector.silenceIfDue(s, r.device(), r.metric(), r.time()));
      MetricDetector.Verdict verdict = detector.score(s, r, forest);
      if (forest != null) {
        learnedNow.add(r.value());
      }
      scored.inc();
      context.output(scores, KV.of(r.device(), Scores.json(r, verdict.score())));
      emit(context, verdict.alert());
    }
    if (device == null && s.readings > 0) {
      String[] parts = seriesKey.split("\u0000", 2);
      device = parts[0];
      metric = parts.length > 1 ? parts[1] : "";
    }
    if (!bounded && device != null) {
      emit(context, detector.silenceIfDue(s, device, metric, clock.knownThrough(horizon)));
    }
    if (forest != null) {
      store(forest, learnedNow, forestSnapshot, forestAt, forestLog);
      forests.put(seriesKey, forest);
    }
    pending.clear();
    waiting.forEach(pending::add);
    long forgetAt =
        s.readings == 0 ? Long.MAX_VALUE : clock.settledAt(s.lastTime + settings.forgetMillis());
    if (waiting.isEmpty() && horizon >= forgetAt) {
      seriesState.clear();
      nextFire.clear();
      forestSnapshot.clear();
      forestAt.clear();
      forestLog.clear();
      forests.remove(seriesKey);
      forgotten.inc();
      return;
    }
    seriesState.write(s);
    long next = forgetAt;
    for (MetricReading r : waiting) {
      next = Math.min(next, clock.settledAt(r.time()));
    }
    if (!bounded && !s.silenceRaised && s.readings > 0) {
      next = Math.min(next, clock.settledAt(s.lastTime + settings.silenceMillis()));
    }
    advance.set(new Instant(next));
    nextFire.write(next);
  }

  private void emit(OnTimerContext context, Alert alert) {
    if (alert != null) {
      raised.inc();
      context.output(alerts, alert);
    }
  }

  /** The running forest: this instance's copy if it is the one in state, else restored. */
  private ForestModel forest(
      String seriesKey,
      SeriesState s,
      ValueState<byte[]> snapshot,
      ValueState<Long> snapshotAt,
      BagState<Double> log) {
    ForestModel cached = forests.get(seriesKey);
    // The count of values learned tells a live copy from one a failed bundle advanced or one left
    // behind while another worker had the key: only an equal count is the forest in state.
    if (cached != null && cached.learned() == s.readings) {
      return cached;
    }
    Long at = snapshotAt.read();
    return ForestModel.restore(
        settings.forest(), seriesKey, snapshot.read(), at == null ? 0 : at, log.read());
  }

  private void store(
      ForestModel forest,
      List<Double> learnedNow,
      ValueState<byte[]> snapshot,
      ValueState<Long> snapshotAt,
      BagState<Double> log) {
    Long at = snapshotAt.read();
    long since = forest.learned() - (at == null ? 0 : at);
    if (since >= settings.forest().snapshotEvery()) {
      snapshot.write(forest.snapshot());
      snapshotAt.write(forest.learned());
      log.clear();
    } else {
      learnedNow.forEach(log::add);
    }
  }
}
