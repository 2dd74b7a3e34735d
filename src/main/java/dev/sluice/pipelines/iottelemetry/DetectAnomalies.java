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

  /**
   * Where the detector runs.
   *
   * @param windows the stats windows the gate admits readings by: a reading is scored once no
   *     earlier one can be admitted any more
   * @param modelCacheSize forests kept live per worker instance besides their copy in state
   * @param inputEnds the job reads a fixed input to its end ({@code --bounded}): the watermark then
   *     jumps to the end of time, which is not evidence that a series fell silent. Told, not read
   *     from the PCollection: runners read a bounded topic as bounded or not.
   */
  public record Scoring(EventWindows windows, int modelCacheSize, boolean inputEnds)
      implements java.io.Serializable {}

  private final DetectorSettings settings;
  private final Scoring scoring;

  public DetectAnomalies(DetectorSettings settings, Scoring scoring) {
    this.settings = settings;
    this.scoring = scoring;
  }

  @Override
  public PCollectionTuple expand(PCollection<MetricReading> readings) {
    PCollectionTuple out =
        readings
            .apply(
                "KeyBySeries",
                WithKeys.of(MetricReading::seriesKey).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), MetricReadingCoder.of()))
            .apply(
                "ScoreReadings",
                ParDo.of(new DetectAnomaliesFn(SCORES, ALERTS, settings, scoring))
                    .withOutputTags(SCORES, TupleTagList.of(ALERTS)));
    out.get(ALERTS).setCoder(SerializableCoder.of(Alert.class));
    out.get(SCORES).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return out;
  }
}
