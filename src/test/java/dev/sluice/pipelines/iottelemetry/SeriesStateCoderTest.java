package dev.sluice.pipelines.iottelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** A series' state survives its coder exactly: scoring on after a round trip changes nothing. */
class SeriesStateCoderTest {

  @Test
  void scoringGoesOnIdenticallyAfterARoundTripOfTheState() throws Exception {
    MetricDetector detector = new MetricDetector(DetectorSettings.defaults().withForest(null));
    SeriesState kept = new SeriesState();
    for (int i = 0; i < 300; i++) {
      detector.score(kept, reading(i), null);
    }
    SeriesState restored =
        CoderUtils.decodeFromByteArray(
            SeriesStateCoder.of(), CoderUtils.encodeToByteArray(SeriesStateCoder.of(), kept));
    for (int i = 300; i < 600; i++) {
      MetricDetector.Verdict a = detector.score(kept, reading(i), null);
      MetricDetector.Verdict b = detector.score(restored, reading(i), null);
      assertEquals(a.score(), b.score(), "reading " + i);
      assertEquals(json(a.alert()), json(b.alert()), "reading " + i);
    }
  }

  @Test
  void aReadingSurvivesItsCoder() throws Exception {
    MetricReading r = reading(7);
    assertEquals(
        r,
        CoderUtils.decodeFromByteArray(
            MetricReadingCoder.of(), CoderUtils.encodeToByteArray(MetricReadingCoder.of(), r)));
  }

  private static String json(Alert alert) {
    return alert == null ? "none" : alert.toJson();
  }

  private static MetricReading reading(int i) {
    double value = 20 + Math.sin(i / 50.0) + (i % 7) * 0.05 + (i == 450 ? 5 : 0);
    return new MetricReading("d", "s", "temperature", i * 60_000L, value, "e" + i);
  }
}
