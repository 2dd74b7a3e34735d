package dev.sluice.dashboard;

import dev.sluice.time.PartitionProgress;
import java.util.List;
import java.util.Map;

/**
 * What a run's metrics endpoint said at one scrape: its counters under their run-summary names and
 * where each input partition stands.
 */
public record RunMetrics(Map<String, Long> counters, List<PartitionProgress> partitions) {

  /** Where the figures come from, and how they are read each second. */
  public interface Source {
    /** The latest figures; throws IllegalStateException with one line when the run is gone. */
    RunMetrics read();

    /** Where the figures come from, for the page (e.g. the endpoint's address). */
    String describe();
  }
}
