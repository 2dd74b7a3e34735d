package dev.sluice.transforms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.metrics.BoundedTrie;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.StringSet;

/**
 * Where a DoFn's counters go when its logic runs outside a pipeline (an audit's replay): kept here
 * instead of Beam's complaint that no container is set. Functions that replay only count.
 */
final class ReplayCounters implements MetricsContainer {

  private final Map<MetricName, AtomicLong> counts = new ConcurrentHashMap<>();

  @Override
  public Counter getCounter(MetricName name) {
    AtomicLong n = counts.computeIfAbsent(name, k -> new AtomicLong());
    return new Counter() {
      @Override
      public void inc() {
        n.incrementAndGet();
      }

      @Override
      public void inc(long by) {
        n.addAndGet(by);
      }

      @Override
      public void dec() {
        n.decrementAndGet();
      }

      @Override
      public void dec(long by) {
        n.addAndGet(-by);
      }

      @Override
      public MetricName getName() {
        return name;
      }
    };
  }

  @Override
  public Distribution getDistribution(MetricName name) {
    throw unsupported(name);
  }

  @Override
  public Gauge getGauge(MetricName name) {
    throw unsupported(name);
  }

  @Override
  public StringSet getStringSet(MetricName name) {
    throw unsupported(name);
  }

  @Override
  public BoundedTrie getBoundedTrie(MetricName name) {
    throw unsupported(name);
  }

  /** The count of a counter by its name (any namespace), 0 if never touched; for tests. */
  long count(String counterName) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().getName().equals(counterName))
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  private static UnsupportedOperationException unsupported(MetricName name) {
    return new UnsupportedOperationException("a replay keeps counters only, not " + name);
  }
}
