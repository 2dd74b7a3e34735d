package dev.sluice.pipelines.clickstream;

import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * {@code DISTINCT_COUNT(text)}: how many different non-null values, for Beam SQL, which refuses
 * {@code COUNT(DISTINCT ...)} in a windowed aggregation. Exact; its accumulator holds the values.
 */
public final class DistinctCount extends Combine.CombineFn<String, Set<String>, Long> {

  static final String NAME = "DISTINCT_COUNT";

  @Override
  public Set<String> createAccumulator() {
    return new TreeSet<>();
  }

  @Override
  public Set<String> addInput(Set<String> seen, String value) {
    if (value != null) {
      seen.add(value);
    }
    return seen;
  }

  @Override
  public Set<String> mergeAccumulators(Iterable<Set<String>> all) {
    Set<String> merged = new TreeSet<>();
    all.forEach(merged::addAll);
    return merged;
  }

  @Override
  public Long extractOutput(Set<String> seen) {
    return (long) seen.size();
  }

  @Override
  public Coder<Set<String>> getAccumulatorCoder(CoderRegistry registry, Coder<String> input)
      throws CannotProvideCoderException {
    return SetCoder.of(StringUtf8Coder.of());
  }
}
