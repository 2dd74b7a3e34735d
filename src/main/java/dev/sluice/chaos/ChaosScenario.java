package dev.sluice.chaos;

/** The faults {@code sluice chaos} injects into a running exactly-once job, one scenario each. */
public enum ChaosScenario {
  KILL_TASKMANAGER("kill -9 the TaskManager, start a replacement"),
  BROKER_OUTAGE("stop the Kafka broker for a while, start it again"),
  SAVEPOINT_RESCALE("stop with a savepoint, resume at parallelism 2, again and resume at 1"),
  CANCEL_RESUME("cancel without a savepoint, resume from the last retained checkpoint");

  private final String description;

  ChaosScenario(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String label() {
    return name().toLowerCase().replace('_', '-');
  }

  public static ChaosScenario fromLabel(String label) {
    return valueOf(label.trim().toUpperCase().replace('-', '_'));
  }
}
