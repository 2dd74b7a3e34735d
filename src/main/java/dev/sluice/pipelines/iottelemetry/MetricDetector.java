package dev.sluice.pipelines.iottelemetry;

import dev.sluice.event.Rfc3339;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores one device's metric, reading by reading in event-time order, and decides which readings
 * start an anomaly episode. Pure: the state comes in and goes out, so the same readings in the same
 * order give the same scores and alerts on any runner, in tests and in the audit.
 *
 * <p>A reading is compared with a forecast from the series' own past (Holt's level and trend, which
 * follows daily cycles and drift) in units of the series' own noise, so one threshold fits every
 * device. The forest, when there is one, adds a learned view of the recent shape; its grade counts
 * only where the reading is also far from what the forest expected. Rules add what a model misses:
 * a value repeated far longer than the series ever repeats one (stuck), a change faster than it
 * ever changes (rate of change), a series that stops (silent, see {@link #silenceIfDue}).
 *
 * <p>Episodes: a score at or above the threshold opens an episode and raises one alert; the episode
 * stays open while anomalous readings keep coming less than the cool-down apart. A stuck run raises
 * one alert per run, a silence one per gap.
 */
final class MetricDetector implements java.io.Serializable {

  /** The forest's view of a reading it has just learned. */
  record ForestView(double grade, double expected) {}

  /** A learned model fed every reading in order; see {@link ForestModel}. */
  interface Forest {
    ForestView learn(double value);
  }

  /** A reading's score and the alert it raises, if any. */
  record Verdict(double score, Alert alert) {}

  /** Smoothing of the level, its trend, and the noise and change scales. */
  private static final double LEVEL_GAIN = 0.1;

  private static final double TREND_GAIN = 0.05;
  private static final double SCALE_GAIN = 0.01;
  private static final double RECENT_GAIN = 0.1;
  private static final double INTERVAL_GAIN = 0.05;

  /** A mean absolute error times this is the standard deviation of normal noise. */
  private static final double MEAN_ABS_TO_SIGMA = 1.2533;

  /** Weight of the newest error in the persistence of errors; a lasting shift builds it up. */
  private static final double SHIFT_GAIN = 0.5;

  /** The persistence's standard deviation on pure noise, to read it in noise scales. */
  private static final double SHIFT_SIGMA = Math.sqrt(SHIFT_GAIN / (2 - SHIFT_GAIN));

  /** Recent noise this many times the usual is where growing noise starts to count. */
  private static final double NOISE_RATIO = 2.0;

  /** Errors larger than this many sigmas teach the model no more than this. */
  private static final double CLIP_Z = 4.0;

  /** Each missed reading widens the expected range: the series moved meanwhile. */
  private static final double GAP_WIDENING = 0.1;

  private final DetectorSettings settings;

  MetricDetector(DetectorSettings settings) {
    this.settings = settings;
  }

  /**
   * A silence alert if the series has sent nothing since its last reading for the timeout, judging
   * by readings known through {@code knownThrough} (exclusive); null otherwise.
   */
  Alert silenceIfDue(SeriesState s, String device, String metric, long knownThrough) {
    if (s.readings == 0 || s.silenceRaised) {
      return null;
    }
    long silentFrom = s.lastTime + settings.silenceMillis();
    if (silentFrom > knownThrough) {
      return null;
    }
    s.silenceRaised = true;
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("lastSeen", Rfc3339.format(s.lastTime));
    evidence.put("timeout", Duration.ofMillis(settings.silenceMillis()).toString());
    evidence.put("recent", s.recentValues());
    return new Alert(device, metric, silentFrom, s.lastValue, 1.0, Alert.SILENT, evidence);
  }

  /** Scores {@code r} against the series so far, then learns it. */
  Verdict score(SeriesState s, MetricReading r, Forest forest) {
    double v = r.value();
    ForestView learned = forest == null ? null : forest.learn(v);
    if (s.readings == 0) {
      s.level = v;
      s.interval = 0;
      startRun(s, v, r.time());
      finish(s, r, v);
      return new Verdict(0, null);
    }
    long dt = Math.max(0, r.time() - s.lastTime);
    double steps = s.interval > 0 ? Math.max(1, dt / s.interval) : 1;
    double forecast = s.level + s.trend * steps;
    double floor = 1e-9 + 1e-6 * Math.abs(s.level);
    double sigma = Math.max(MEAN_ABS_TO_SIGMA * s.absError, floor);
    double sigmaHere = sigma * Math.sqrt(1 + GAP_WIDENING * (steps - 1));
    double error = v - forecast;
    double z = Math.abs(error) / sigmaHere;
    double change = Math.abs(v - s.lastValue) / steps;
    double changeZ = change / Math.max(MEAN_ABS_TO_SIGMA * s.absChange, floor);
    boolean warm = s.readings >= settings.warmupReadings();

    boolean repeat = v == s.runValue;
    if (repeat) {
      s.runLength++;
    } else {
      if (!s.stuckRaised) {
        s.longestRun = Math.max(s.longestRun, s.runLength);
      }
      startRun(s, v, r.time());
    }

    s.recentError =
        blend(s.recentError, Math.min(Math.abs(error), 8 * sigmaHere), s.readings, RECENT_GAIN);
    // A level shift shows as errors of one sign in a row: their running mean, in its own noise
    // scale, crosses the threshold by the second reading of a shift too small for one alone.
    s.shift =
        (1 - SHIFT_GAIN) * s.shift + SHIFT_GAIN * Math.max(-8, Math.min(8, error / sigmaHere));
    double shiftZ = Math.abs(s.shift) / SHIFT_SIGMA;
    double modelScore = warm ? Scores.ofDeviation(Math.max(z, shiftZ)) : 0;
    // The forest's grade counts in proportion to how far the reading also is from the forecast:
    // alone, it fires on ordinary wiggles of a series it has not seen for long. Where the forest
    // is sure, a smaller deviation suffices (about 4 noise scales instead of 5).
    double forestScore =
        warm && learned != null ? Math.sqrt(learned.grade() * Scores.ofDeviation(z)) : 0;
    // Noise grown to this many times its usual size scores 0.5; each half more halves the rest.
    double noiseRatio = s.recentError / Math.max(s.absError, floor);
    double noiseScore = warm ? 1 - Math.pow(2, -Math.max(0, noiseRatio - NOISE_RATIO) / 0.5) : 0;
    modelScore = Math.max(modelScore, noiseScore);
    double rateScore = warm && !repeat ? Scores.ofDeviation(changeZ) : 0;
    double score = Math.max(Math.max(modelScore, forestScore), rateScore);

    Alert alert = null;
    int stuckAfter = Math.max(settings.stuckReadings(), 2 * s.longestRun + 1);
    if (warm && repeat && !s.stuckRaised && s.runLength >= stuckAfter && s.absError > floor) {
      s.stuckRaised = true;
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("repeats", s.runLength);
      evidence.put("since", Rfc3339.format(s.runStart));
      evidence.put("longestNormalRun", s.longestRun);
      alert = new Alert(r.device(), r.metric(), r.time(), v, 1.0, Alert.STUCK, evidence);
      score = 1.0;
    } else if (score >= settings.threshold()) {
      if (r.time() >= s.episodeUntil) {
        boolean model = Math.max(modelScore, forestScore) >= settings.threshold();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put(
            "expected",
            new double[] {round(forecast - 3 * sigmaHere), round(forecast + 3 * sigmaHere)});
        evidence.put("deviation", round(z));
        evidence.put("persistentDeviation", round(shiftZ));
        evidence.put("noiseRatio", round(noiseRatio));
        if (learned != null) {
          evidence.put("forestGrade", round(learned.grade()));
          evidence.put("forestExpected", round(learned.expected()));
        }
        if (!model) {
          evidence.put("change", round(change));
          evidence.put("typicalChange", round(MEAN_ABS_TO_SIGMA * s.absChange));
        }
        evidence.put("recent", s.recentValues());
        alert =
            new Alert(
                r.device(),
                r.metric(),
                r.time(),
                v,
                score,
                model ? Alert.ANOMALY : Alert.RATE_OF_CHANGE,
                evidence);
      }
      s.episodeUntil = r.time() + settings.cooldownMillis();
    }

    // A repeated value carries no news; learning it would shrink the noise scale and make the
    // end of a stuck run look anomalous.
    if (!repeat || s.runLength <= 2) {
      double clip = warm ? CLIP_Z * sigmaHere : Double.POSITIVE_INFINITY;
      double e = Math.max(-clip, Math.min(clip, error));
      double level = forecast + LEVEL_GAIN * e;
      s.trend = (1 - TREND_GAIN) * s.trend + TREND_GAIN * (level - s.level) / steps;
      s.level = level;
      s.absError = blend(s.absError, Math.abs(e), s.readings, SCALE_GAIN);
      double c = Math.min(change, warm ? CLIP_Z * MEAN_ABS_TO_SIGMA * s.absChange : change);
      s.absChange = blend(s.absChange, c, s.readings, SCALE_GAIN);
    }
    if (dt > 0) {
      s.interval = s.interval == 0 ? dt : (1 - INTERVAL_GAIN) * s.interval + INTERVAL_GAIN * dt;
    }
    finish(s, r, v);
    return new Verdict(score, alert);
  }

  /** The first readings average plainly, so the scales are right from the start. */
  private static double blend(double mean, double x, long seen, double rate) {
    double gain = Math.max(rate, 1.0 / seen);
    return mean + gain * (x - mean);
  }

  private static void startRun(SeriesState s, double v, long time) {
    s.runValue = v;
    s.runStart = time;
    s.runLength = 1;
    s.stuckRaised = false;
  }

  private static void finish(SeriesState s, MetricReading r, double v) {
    s.readings++;
    s.lastTime = r.time();
    s.lastValue = v;
    s.silenceRaised = false;
    s.remember(v);
  }

  private static double round(double x) {
    return Double.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
  }
}
