package dev.sluice.pipelines.iottelemetry;

import java.util.List;

/**
 * iot-telemetry's detection without Beam: one series' admitted readings in event-time order through
 * the job's own {@link MetricDetector} (and forest), as the audit and a plain-Java replay take it.
 */
public final class IotModel {

  /** What the replay saw, reading by reading. */
  public interface Visitor {
    /**
     * @param silence the silence alert due before this reading, or null
     * @param alert the alert this reading raised, or null
     */
    void scored(MetricReading reading, double score, Alert silence, Alert alert);

    /** The silence alert due after the series' last reading, if its timeout passed since. */
    default void trailing(Alert silence) {}
  }

  private final DetectorSettings settings;
  private final MetricDetector detector;

  public IotModel(DetectorSettings settings) {
    this.settings = settings;
    this.detector = new MetricDetector(settings);
  }

  /**
   * Replays one series ({@link MetricReading#seriesKey}), sorting {@code readings} in place into
   * event-time order.
   */
  public void replay(String seriesKey, List<MetricReading> readings, Visitor visitor) {
    readings.sort(MetricReading::compare);
    SeriesState s = new SeriesState();
    ForestModel forest =
        settings.forest() == null ? null : ForestModel.create(settings.forest(), seriesKey);
    for (MetricReading r : readings) {
      Alert silence = detector.silenceIfDue(s, r.device(), r.metric(), r.time());
      MetricDetector.Verdict v = detector.score(s, r, forest);
      visitor.scored(r, v.score(), silence, v.alert());
    }
    if (!readings.isEmpty()) {
      MetricReading last = readings.get(readings.size() - 1);
      Alert trailing = detector.silenceIfDue(s, last.device(), last.metric(), Long.MAX_VALUE);
      if (trailing != null) {
        visitor.trailing(trailing);
      }
    }
  }
}
