package dev.sluice.pipelines.iottelemetry;

import com.amazon.randomcutforest.config.ForestMode;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * One series' Random Cut Forest (a {@link ThresholdedRandomCutForest}: the forest, its own score
 * normalisation and thresholder), fed one value per reading.
 *
 * <p>Kept in Beam state as a snapshot (the library's state mapper, Java-serialized) plus the values
 * learned since, replayed on restore: a forest is tens of kilobytes, too much to write per reading.
 * Restoring and replaying gives exactly the forest that was running (its random state is part of
 * the snapshot), so a restart changes no score.
 */
final class ForestModel implements MetricDetector.Forest {

  private static final ThresholdedRandomCutForestMapper MAPPER = newMapper();

  private final ThresholdedRandomCutForest forest;
  private long learned;

  private ForestModel(ThresholdedRandomCutForest forest, long learned) {
    this.forest = forest;
    this.learned = learned;
  }

  /** A new forest; its random seed comes from the series, so every runner grows the same one. */
  static ForestModel create(DetectorSettings.ForestSettings settings, String seriesKey) {
    ThresholdedRandomCutForest forest =
        ThresholdedRandomCutForest.builder()
            .dimensions(settings.shingleSize())
            .shingleSize(settings.shingleSize())
            .internalShinglingEnabled(true)
            .numberOfTrees(settings.trees())
            .sampleSize(settings.sampleSize())
            .precision(Precision.FLOAT_32)
            .forestMode(ForestMode.STANDARD)
            .transformMethod(TransformMethod.NORMALIZE)
            .randomSeed(seriesKey.hashCode())
            .build();
    return new ForestModel(forest, 0);
  }

  /** The forest a snapshot holds, then taught {@code since} again. */
  static ForestModel restore(
      DetectorSettings.ForestSettings settings,
      String seriesKey,
      byte[] snapshot,
      long snapshotAt,
      Iterable<Double> since) {
    ForestModel model =
        snapshot == null
            ? create(settings, seriesKey)
            : new ForestModel(MAPPER.toModel(deserialize(snapshot), 0), snapshotAt);
    for (double v : since) {
      model.learn(v);
    }
    return model;
  }

  @Override
  public MetricDetector.ForestView learn(double value) {
    AnomalyDescriptor d = forest.process(new double[] {value}, learned++);
    double expected = Double.NaN;
    if (d.isExpectedValuesPresent() && d.getRelativeIndex() == 0) {
      expected = d.getExpectedValuesList()[0][0];
    }
    return new MetricDetector.ForestView(d.getAnomalyGrade(), expected);
  }

  /** Values learned since the forest was created. */
  long learned() {
    return learned;
  }

  byte[] snapshot() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(MAPPER.toState(forest));
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ThresholdedRandomCutForestState deserialize(byte[] snapshot) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
      return (ThresholdedRandomCutForestState) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("a stored forest cannot be read: " + e, e);
    }
  }

  private static ThresholdedRandomCutForestMapper newMapper() {
    return new ThresholdedRandomCutForestMapper();
  }
}
