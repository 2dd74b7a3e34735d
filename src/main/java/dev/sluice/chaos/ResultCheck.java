package dev.sluice.chaos;

import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import java.util.List;
import java.util.Set;

/**
 * Something a chaos run must also leave right besides its committed topics, such as a database
 * table the job writes to: the flags that make the job write it, the faults it applies to, and the
 * check, run once the audit is clean.
 *
 * @param check what differs, or null when nothing does
 */
public record ResultCheck(Set<ChaosScenario> faults, List<String> jobArgs, Check check) {

  public ResultCheck {
    faults = Set.copyOf(faults);
    jobArgs = List.copyOf(jobArgs);
  }

  /** Compares what the job left with what it committed. */
  @FunctionalInterface
  public interface Check {
    String mismatch(PipelineSpec<?> pipeline, SluiceOptions options) throws Exception;
  }
}
