package dev.sluice.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The IoT scenario: a fleet of devices sending {@code sensor.reading} CloudEvents (structured mode,
 * key and subject = device, {@code site} extension attribute, {@code data} = the metrics), in
 * arrival order, with the defects of a real feed and anomalies whose truth is known ({@link
 * #truth()}).
 *
 * <p>Deterministic for a config: every draw comes from generators seeded by it and no wall clock is
 * read. Readings are made tick by tick and held in an arrival-ordered queue just long enough to let
 * disorder and late arrivals overtake each other, so memory stays small for long runs.
 *
 * <p>Not thread-safe.
 */
public final class IotGenerator implements Iterator<GeneratedRecord> {

  static final double MISSING_READING_SHARE = 0.01;
  static final double MISSING_METRIC_SHARE = 0.03;
  static final double DUPLICATE_SHARE = 0.005;
  static final double MALFORMED_SHARE = 0.001;
  static final double LATE_SHARE = 0.001;

  /** Ordinary network delay: readings overtake each other within this much. */
  static final long MAX_DELAY_MILLIS = 3_000;

  static final long LATE_MIN_MILLIS = 120_000;
  static final long LATE_MAX_MILLIS = 600_000;

  /** A producer retry re-sends the same bytes shortly after the original. */
  private static final long RETRY_MAX_MILLIS = 30_000;

  private static final String SOURCE_PREFIX = "/iot/";

  private record Pending(long arrival, long seq, GeneratedRecord record) {}

  private final IotConfig config;
  private final SplittableRandom random;
  private final IotDevice[] devices;
  private final List<List<PlannedAnomaly>> plan;
  private final List<TruthAnomaly> truth;
  private final double[][] stuckValue;
  private final int ticks;
  private final long startMillis;
  private final long intervalMillis;
  private final IotCounts counts = new IotCounts();
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(Pending::arrival).thenComparingLong(Pending::seq));
  private final StringBuilder json = new StringBuilder(320);

  private int nextTick;
  private long seq;
  private long nextId = 1;

  public IotGenerator(IotConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    this.ticks = config.ticks();
    this.startMillis = config.startTime().toEpochMilli();
    this.intervalMillis = config.interval().toMillis();
    // Device traits come from their own stream so they do not depend on the record sequence.
    SplittableRandom traits = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    devices = new IotDevice[config.devices()];
    for (int d = 0; d < devices.length; d++) {
      devices[d] = new IotDevice(d, config, traits);
    }
    plan = AnomalyPlanner.plan(config, devices.length);
    List<TruthAnomaly> all = new ArrayList<>();
    for (int d = 0; d < devices.length; d++) {
      for (PlannedAnomaly a : plan.get(d)) {
        all.addAll(a.truth(devices[d]));
      }
    }
    all.sort(Comparator.comparing(TruthAnomaly::start).thenComparing(TruthAnomaly::device));
    truth = List.copyOf(all);
    stuckValue = new double[devices.length][IotDevice.METRICS.size()];
  }

  /** Every injected anomaly, ordered by start. */
  public List<TruthAnomaly> truth() {
    return truth;
  }

  /** What happened to the readings so far (dropped, silenced, missing a metric). */
  public IotCounts counts() {
    return counts;
  }

  /** About how many records the run writes, for progress. */
  public long expectedRecords() {
    return (long) devices.length * ticks;
  }

  @Override
  public boolean hasNext() {
    fill();
    return !queue.isEmpty();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return queue.poll().record();
  }

  /**
   * Generates ticks until the earliest queued record can no longer be overtaken: every reading of
   * tick k happens after startTime + k * interval, and arrives no earlier than it happens.
   */
  private void fill() {
    while (nextTick < ticks
        && (queue.isEmpty() || queue.peek().arrival() >= startMillis + nextTick * intervalMillis)) {
      for (int d = 0; d < devices.length; d++) {
        reading(d, nextTick);
      }
      nextTick++;
    }
  }

  private void reading(int d, int tick) {
    IotDevice device = devices[d];
    boolean intact = false;
    for (PlannedAnomaly a : plan.get(d)) {
      if (a.kind() == AnomalyKind.SILENCE && a.affects(tick)) {
        counts.silenced++;
        return;
      }
      intact |= a.protects(tick);
    }
    if (!intact && random.nextDouble() < MISSING_READING_SHARE) {
      counts.missingReadings++;
      return;
    }
    counts.readings++;
    long time = device.readingTimeMillis(tick);
    int metrics = IotDevice.METRICS.size();
    int missing = -1;
    if (!intact && random.nextDouble() < MISSING_METRIC_SHARE) {
      missing = random.nextInt(metrics);
      counts.missingMetric++;
    }
    int malformed = -1;
    if (!intact && random.nextDouble() < MALFORMED_SHARE) {
      malformed = random.nextInt(metrics);
    }
    StringBuilder data = new StringBuilder(80).append('{');
    for (int m = 0; m < metrics; m++) {
      double value = value(d, m, tick, time);
      if (m == missing) {
        continue;
      }
      if (data.length() > 1) {
        data.append(',');
      }
      data.append('"').append(IotDevice.METRICS.get(m)).append("\":");
      // A firmware bug or a failed sensor read reported as text.
      data.append(m == malformed ? "\"n/a\"" : Double.toString(value));
    }
    data.append('}');

    RecordKind kind = RecordKind.ON_TIME;
    long arrival = time + (long) (random.nextDouble() * MAX_DELAY_MILLIS);
    if (malformed >= 0 && malformed != missing) {
      kind = RecordKind.MALFORMED_WRONG_TYPES;
    } else if (random.nextDouble() < LATE_SHARE) {
      kind = RecordKind.LATE_WITHIN;
      arrival = time + LATE_MIN_MILLIS + random.nextLong(LATE_MAX_MILLIS - LATE_MIN_MILLIS);
    }
    String id = config.idPrefix() + nextId++;
    String source = SOURCE_PREFIX + device.site;
    byte[] value = event(id, source, time, device, data);
    GeneratedRecord record =
        new GeneratedRecord(
            device.name,
            value,
            List.of(EventGenerator.STRUCTURED_CONTENT_TYPE),
            kind,
            false,
            Instant.ofEpochMilli(time),
            source,
            id,
            Double.NaN);
    queue.add(new Pending(arrival, seq++, record));
    if (random.nextDouble() < DUPLICATE_SHARE) {
      GeneratedRecord again =
          new GeneratedRecord(
              record.key(),
              value,
              record.headers(),
              RecordKind.DUPLICATE,
              false,
              record.eventTime(),
              source,
              id,
              Double.NaN);
      queue.add(new Pending(arrival + 1 + random.nextLong(RETRY_MAX_MILLIS), seq++, again));
    }
  }

  /** The reported value of a metric at a tick: the model plus whatever anomaly is active. */
  private double value(int d, int m, int tick, long time) {
    IotDevice.Metric model = devices[d].metrics[m];
    double noiseFactor = 1;
    double offset = 0;
    PlannedAnomaly stuck = null;
    for (PlannedAnomaly a : plan.get(d)) {
      if (!a.affects(tick, m)) {
        continue;
      }
      switch (a.kind()) {
        case SPIKE, LEVEL_SHIFT -> offset += a.sigmas() * model.noise();
        case VARIANCE_CHANGE -> noiseFactor = 5;
        case STUCK -> stuck = a;
        default -> {}
      }
    }
    double noise = model.noise() * noiseFactor * gaussian(random);
    double v = model.reported(model.clean(time, time - startMillis) + offset + noise);
    if (stuck != null) {
      // A frozen sensor repeats the last value it read before freezing.
      if (tick == stuck.firstTick()) {
        stuckValue[d][m] = v;
      }
      return stuckValue[d][m];
    }
    return v;
  }

  private byte[] event(String id, String source, long time, IotDevice device, CharSequence data) {
    StringBuilder sb = json;
    sb.setLength(0);
    sb.append("{\"specversion\":\"1.0\",\"id\":\"")
        .append(id)
        .append("\",\"source\":\"")
        .append(source)
        .append("\",\"type\":\"sensor.reading\",\"time\":\"")
        .append(Instant.ofEpochMilli(time))
        .append("\",\"subject\":\"")
        .append(device.name)
        .append("\",\"site\":\"")
        .append(device.site)
        .append("\",\"datacontenttype\":\"application/json\",\"data\":")
        .append(data)
        .append('}');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Box-Muller with StrictMath, so values are identical on every JVM. */
  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }
}
