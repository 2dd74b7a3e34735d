package dev.sluice.pipelines.iottelemetry;

import dev.sluice.time.EventWindows;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Scores every metric reading against its own device's history and raises one alert per anomaly
 * episode: {@link #SCORES} (JSON per reading) and {@link #ALERTS}. See {@link DetectAnomaliesFn}.
 */
public final class DetectAnomalies
    extends PTransform<PCollection<MetricReading>, PCollectionTuple> {

  public static final TupleTag<KV<String, String>> SCORES = new TupleTag<>() {};
  public static final TupleTag<Alert> ALERTS = new TupleTag<>() {};

  private final DetectorSettings settings;
  private final EventWindows windows;
  private final int modelCacheSize;

  /**
   * @param windows the stats windows the gate admits readings by: a reading is scored once no
   *     earlier one can be admitted any more
   * @param modelCacheSize forests kept live per worker instance besides their copy in state
   */
  public DetectAnomalies(DetectorSettings settings, EventWindows windows, int modelCacheSize) {
    this.settings = settings;
    this.windows = windows;
    this.modelCacheSize = modelCacheSize;
  }

  @Override
  public PCollectionTuple expand(PCollection<MetricReading> readings) {
    boolean bounded = readings.isBounded() == PCollection.IsBounded.BOUNDED;
    PCollectionTuple out =
        readings
            .apply(
                "KeyBySeries",
                WithKeys.of(MetricReading::seriesKey).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(MetricReading.class)))
            .apply(
                "ScoreReadings",
                ParDo.of(
                        new DetectAnomaliesFn(
                            SCORES, ALERTS, settings, windows, bounded, modelCacheSize))
                    .withOutputTags(SCORES, TupleTagList.of(ALERTS)));
    out.get(ALERTS).setCoder(SerializableCoder.of(Alert.class));
    out.get(SCORES).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return out;
  }
}
