package dev.sluice.chaos;

import dev.sluice.kit.AuditReport;
import java.time.Duration;

/**
 * One scenario's outcome: the audit of what the job committed, how long it took to recover, and
 * what went wrong besides (a failure, or what a {@link ResultCheck} found different).
 */
public record ChaosResult(
    String pipeline, ChaosScenario scenario, AuditReport audit, Duration recovery, String note) {

  public boolean passed() {
    return audit != null && audit.clean() && recovery != null && note.isEmpty();
  }

  static String header() {
    return String.format(
        "%-19s %-18s %9s %8s %6s %10s %9s  %s%n%s%n",
        "pipeline",
        "scenario",
        "events in",
        "checked",
        "lost",
        "duplicated",
        "recovery",
        "result",
        "-".repeat(98));
  }

  /** The audit's own lines, under the case they belong to. */
  String failureDetail() {
    return String.format(
        "%n%s %s:%n  %s%n", pipeline, scenario.label(), audit.format().replace("\n", "\n  "));
  }

  String row() {
    if (audit == null) {
      return String.format("%-19s %-18s %s%n", pipeline, scenario.label(), "FAILED: " + note);
    }
    return String.format(
        "%-19s %-18s %9d %8d %6d %10d %9s  %s%n",
        pipeline,
        scenario.label(),
        audit.inputRecords(),
        audit.checked(),
        audit.lost(),
        audit.duplicated(),
        recovery == null ? "none" : String.format("%.1f s", recovery.toMillis() / 1000.0),
        passed() ? "ok" : "FAILED" + (note.isEmpty() ? "" : ": " + note));
  }
}
