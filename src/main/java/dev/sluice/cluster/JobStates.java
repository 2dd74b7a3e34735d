package dev.sluice.cluster;

import java.util.Set;

/** Flink job states as the REST API spells them. */
public final class JobStates {

  /**
   * States after which a job neither runs nor comes back by itself. SUSPENDED is only final for
   * this JobManager, but a standalone session cluster without HA never resumes it.
   */
  private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED", "SUSPENDED");

  private JobStates() {}

  public static boolean active(String state) {
    return !ENDED.contains(state);
  }
}
