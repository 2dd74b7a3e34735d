package dev.sluice.chaos;

import java.time.Duration;

/**
 * How hard and how long each scenario runs.
 *
 * @param rate events per second the generator writes, in wall time and in event time
 * @param warmUp running time before the fault
 * @param outage how long a stopped broker stays down
 * @param afterRecovery running time after the job has committed again, before the input stops
 * @param settle how long the final results may take to be committed
 */
public record ChaosPlan(
    double rate, Duration warmUp, Duration outage, Duration afterRecovery, Duration settle) {

  /**
   * A few minutes for all four scenarios: the version CI runs. The fault comes 10 s after the first
   * committed result, so at least one checkpoint with state is behind it (at CI's 5 s interval),
   * and the job then runs 10 s (two more checkpoints) before the input stops.
   */
  public static ChaosPlan quick() {
    return new ChaosPlan(
        50,
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(10),
        Duration.ofSeconds(120));
  }

  /** The same plan at another rate. */
  public ChaosPlan withRate(double eventsPerSecond) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("--rate must be above 0, not " + eventsPerSecond);
    }
    return new ChaosPlan(eventsPerSecond, warmUp, outage, afterRecovery, settle);
  }

  public static ChaosPlan full() {
    return new ChaosPlan(
        300,
        Duration.ofSeconds(60),
        Duration.ofSeconds(20),
        Duration.ofSeconds(60),
        Duration.ofSeconds(180));
  }
}
