package dev.sluice.kafka;

import java.io.Serializable;

/**
 * One bounded replay, named so that a crashed run can be completed: its input ranges and where its
 * outputs began are kept in Kafka ({@link RunLedger}), and each record it writes carries the run's
 * id in header {@value #HEADER}. A resumed run reads the same ranges and writes only what the
 * crashed one did not.
 *
 * @param id the run's name, printed when it starts
 * @param resume complete run {@code id} instead of starting it
 */
public record ReplayRun(String id, boolean resume) implements Serializable {

  public static final String HEADER = "sluice.run";

  public ReplayRun {
    if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new IllegalArgumentException(
          "a run id is 1-200 letters, digits, '.', '_' or '-', not '" + id + "'");
    }
  }

  /** The consumer group whose committed offsets record the run (never joined by a consumer). */
  String ledgerGroup() {
    return "sluice-run." + id;
  }
}
