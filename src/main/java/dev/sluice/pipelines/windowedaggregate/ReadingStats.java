package dev.sluice.pipelines.windowedaggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Count, sum, min and max of the readings of one key's window so far: the accumulator of
 * windowed-aggregate. Mutable on purpose: the runner keeps one per key and window in its state and
 * folds each reading into it, so an element costs no allocation.
 */
public final class ReadingStats {

  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** The mean, as SQL's AVG over a double column gives it. */
  public double avg() {
    return sum / count;
  }

  void add(double reading) {
    count++;
    sum += reading;
    min = Math.min(min, reading);
    max = Math.max(max, reading);
  }

  void merge(ReadingStats other) {
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  @Override
  public String toString() {
    return "ReadingStats{count=" + count + ", sum=" + sum + ", min=" + min + ", max=" + max + "}";
  }

  /** Folds readings into their {@link ReadingStats}. */
  public static final class Summarize
      extends Combine.CombineFn<Double, ReadingStats, ReadingStats> {
    @Override
    public ReadingStats createAccumulator() {
      return new ReadingStats();
    }

    @Override
    public ReadingStats addInput(ReadingStats stats, Double reading) {
      stats.add(reading);
      return stats;
    }

    @Override
    public ReadingStats mergeAccumulators(Iterable<ReadingStats> all) {
      ReadingStats merged = new ReadingStats();
      all.forEach(merged::merge);
      return merged;
    }

    @Override
    public ReadingStats extractOutput(ReadingStats stats) {
      // A copy: the accumulator stays in state and keeps changing with late readings.
      ReadingStats out = new ReadingStats();
      out.merge(stats);
      return out;
    }

    @Override
    public Coder<ReadingStats> getAccumulatorCoder(CoderRegistry registry, Coder<Double> input) {
      return StatsCoder.INSTANCE;
    }

    @Override
    public Coder<ReadingStats> getDefaultOutputCoder(CoderRegistry registry, Coder<Double> input) {
      return StatsCoder.INSTANCE;
    }
  }

  /** Four numbers; kept in state per key and window, so it is small and fast. */
  static final class StatsCoder extends AtomicCoder<ReadingStats> {
    static final StatsCoder INSTANCE = new StatsCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    @Override
    public void encode(ReadingStats stats, OutputStream out) throws IOException {
      LONG.encode(stats.count, out);
      DOUBLE.encode(stats.sum, out);
      DOUBLE.encode(stats.min, out);
      DOUBLE.encode(stats.max, out);
    }

    @Override
    public ReadingStats decode(InputStream in) throws IOException {
      ReadingStats stats = new ReadingStats();
      stats.count = LONG.decode(in);
      stats.sum = DOUBLE.decode(in);
      stats.min = DOUBLE.decode(in);
      stats.max = DOUBLE.decode(in);
      return stats;
    }

    @Override
    public void verifyDeterministic() {
      // Doubles encode bit for bit.
    }
  }
}
