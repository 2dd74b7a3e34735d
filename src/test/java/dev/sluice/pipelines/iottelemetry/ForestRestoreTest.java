package dev.sluice.pipelines.iottelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A forest restored from state (the last snapshot, taken as DetectAnomaliesFn takes it, plus the
 * values learned since) scores every later reading exactly as the one that kept running, with the
 * default settings, whether the series is young (no snapshot yet, the forest not full) or old.
 */
class ForestRestoreTest {

  @ParameterizedTest(name = "restored after {0} readings")
  @ValueSource(ints = {5, 20, 60, 100, 200, 300, 600})
  void aRestoredForestScoresAsTheRunningOne(int at) {
    DetectorSettings.ForestSettings settings = DetectorSettings.ForestSettings.defaults();
    SplittableRandom r = new SplittableRandom(3);
    double[] values = new double[at + 200];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round((20 + Math.sin(i / 10.0) + r.nextDouble()) * 100) / 100.0;
    }
    ForestModel running = ForestModel.create(settings, "dev-1\u0000temperature");
    byte[] snapshot = null;
    long snapAt = 0;
    List<Double> log = new ArrayList<>();
    for (int i = 0; i < at; i++) {
      running.learn(values[i]);
      if (running.learned() - snapAt >= settings.snapshotEvery()) {
        snapshot = running.snapshot();
        snapAt = running.learned();
        log.clear();
      } else {
        log.add(values[i]);
      }
    }
    ForestModel restored =
        ForestModel.restore(settings, "dev-1\u0000temperature", snapshot, snapAt, log);
    for (int i = at; i < values.length; i++) {
      assertEquals(running.learn(values[i]), restored.learn(values[i]), "reading " + i);
    }
  }
}
