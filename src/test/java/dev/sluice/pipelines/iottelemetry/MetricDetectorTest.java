package dev.sluice.pipelines.iottelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The detector alone, on series with a daily cycle, drift and noise, with and without a forest. */
class MetricDetectorTest {

  private static final long MINUTE = 60_000L;
  private static final int DAY = 1440;

  /** Two days of one reading a minute: daily cycle, slow drift, gaussian noise. */
  private static double[] series(long seed, DoubleUnaryOperator anomaly) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[2 * DAY];
    for (int i = 0; i < values.length; i++) {
      double normal = 20 + 5 * Math.sin(2 * Math.PI * i / DAY) + 0.001 * i + 0.3 * gaussian(random);
      values[i] = anomaly.applyAsDouble(i) + normal;
    }
    return values;
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static List<Alert> run(double[] values, boolean forest) {
    DetectorSettings settings = DetectorSettings.defaults();
    if (!forest) {
      settings = settings.withForest(null);
    }
    MetricDetector detector = new MetricDetector(settings);
    SeriesState state = new SeriesState();
    MetricDetector.Forest model =
        forest ? ForestModel.create(settings.forest(), "device-1\u0000temperature") : null;
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      MetricReading r =
          new MetricReading("device-1", "site-1", "temperature", i * MINUTE, values[i], "e" + i);
      Alert silence = detector.silenceIfDue(state, "device-1", "temperature", r.time());
      if (silence != null) {
        alerts.add(silence);
      }
      Alert alert = detector.score(state, r, model).alert();
      if (alert != null) {
        alerts.add(alert);
      }
    }
    return alerts;
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void aNormalSeriesRaisesNothing(boolean forest) {
    for (long seed = 1; seed <= 3; seed++) {
      assertEquals(List.of(), run(series(seed, i -> 0), forest), "seed " + seed);
    }
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void aSpikeRaisesOneAnomalyAtItsReading(boolean forest) {
    List<Alert> alerts = run(series(4, i -> i == 1500 ? 3.0 : 0), forest);
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals(1500 * MINUTE, alerts.get(0).time());
    assertEquals(Alert.ANOMALY, alerts.get(0).reason());
    assertTrue(alerts.get(0).score() >= 0.5);
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void aLevelShiftRaisesOneAlertNearItsStart(boolean forest) {
    List<Alert> alerts = run(series(5, i -> i >= 1500 ? 2.0 : 0), forest);
    assertEquals(1, alerts.size(), alerts.toString());
    assertTrue(alerts.get(0).time() >= 1500 * MINUTE);
    assertTrue(alerts.get(0).time() <= 1505 * MINUTE, alerts.toString());
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void moreNoiseForAnHourRaisesAnEpisode(boolean forest) {
    SplittableRandom extra = new SplittableRandom(9);
    List<Alert> alerts =
        run(series(6, i -> i >= 1500 && i < 1560 ? 1.5 * gaussian(extra) : 0), forest);
    assertTrue(!alerts.isEmpty(), "no alert for the noisy hour");
    for (Alert a : alerts) {
      assertTrue(a.time() >= 1500 * MINUTE && a.time() < 1600 * MINUTE, a.toString());
    }
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void aStuckSensorRaisesStuckOnce(boolean forest) {
    double[] values = series(7, i -> 0);
    for (int i = 1500; i < 1560; i++) {
      values[i] = values[1500];
    }
    List<Alert> alerts = run(values, forest);
    assertEquals(1, alerts.stream().filter(a -> a.reason().equals(Alert.STUCK)).count());
    Alert stuck = alerts.stream().filter(a -> a.reason().equals(Alert.STUCK)).findFirst().get();
    assertEquals((1500 + 9) * MINUTE, stuck.time(), "the tenth repeat");
    assertTrue(alerts.size() <= 2, "stuck, then at most its release: " + alerts);
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void aGapLongerThanTheTimeoutRaisesSilenceAtItsStartPlusTimeout(boolean forest) {
    double[] values = series(8, i -> 0);
    for (int i = 1500; i < 1540; i++) {
      values[i] = Double.NaN;
    }
    List<Alert> alerts = run(values, forest);
    assertEquals(1, alerts.size(), alerts.toString());
    Alert silence = alerts.get(0);
    assertEquals(Alert.SILENT, silence.reason());
    assertEquals(1499 * MINUTE + DetectorSettings.defaults().silenceMillis(), silence.time());
  }

  @ParameterizedTest(name = "forest={0}")
  @ValueSource(booleans = {false, true})
  void aValueThatRepeatsNormallyIsNotStuck(boolean forest) {
    // A battery voltage at two decimals repeats for a dozen readings as a matter of course.
    double[] values = series(10, i -> 0);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round((3.9 - i * 0.00001 + values[i] / 2000) * 100) / 100.0;
    }
    List<Alert> alerts = run(values, forest);
    assertEquals(
        0, alerts.stream().filter(a -> a.reason().equals(Alert.STUCK)).count(), alerts.toString());
  }

  @org.junit.jupiter.api.Test
  void aRestoredForestScoresExactlyAsTheOneThatKeptRunning() {
    DetectorSettings.ForestSettings settings = new DetectorSettings.ForestSettings(10, 64, 4, 50);
    double[] values = series(11, i -> 0);
    ForestModel running = ForestModel.create(settings, "k");
    List<Double> log = new ArrayList<>();
    byte[] snapshot = null;
    long at = 0;
    for (int i = 0; i < 700; i++) {
      running.learn(values[i]);
      if (i == 499) {
        snapshot = running.snapshot();
        at = running.learned();
      } else if (i > 499) {
        log.add(values[i]);
      }
    }
    assertNotNull(snapshot);
    ForestModel restored = ForestModel.restore(settings, "k", snapshot, at, log);
    assertEquals(running.learned(), restored.learned());
    for (int i = 700; i < 900; i++) {
      assertEquals(running.learn(values[i]), restored.learn(values[i]), "reading " + i);
    }
  }
}
