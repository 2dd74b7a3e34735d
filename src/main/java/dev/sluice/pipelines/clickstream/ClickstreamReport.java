package dev.sluice.pipelines.clickstream;

import dev.sluice.kit.AuditReport;
import dev.sluice.kit.OutputLedger;

/**
 * What a clickstream audit found.
 *
 * @param deadLettersMissing invalid records with no dead letter
 * @param diversionsRepeated dead letters or late events written twice, or for valid records
 * @param admitted clicks admitted (valid, not a repeat, not diverted late)
 */
record ClickstreamReport(
    long inputRecords,
    long invalidRecords,
    long deadLetters,
    long deadLettersMissing,
    long diversionsRepeated,
    long admitted,
    OutputLedger.Tally sessions,
    OutputLedger.Tally funnels,
    OutputLedger.Tally profiles)
    implements AuditReport {

  @Override
  public long checked() {
    return sessions.checked() + funnels.checked() + profiles.checked();
  }

  @Override
  public long lost() {
    return sessions.lost() + funnels.lost() + profiles.lost() + deadLettersMissing;
  }

  @Override
  public long duplicated() {
    return sessions.repeated() + funnels.repeated() + profiles.repeated() + diversionsRepeated;
  }

  @Override
  public boolean clean() {
    return lost() == 0
        && duplicated() == 0
        && sessions.clean()
        && funnels.clean()
        && profiles.clean();
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d invalid, %d dead letters; %d clicks admitted%n%s%n%s%n%s%n%s: lost %d,"
            + " duplicated %d",
        inputRecords,
        invalidRecords,
        deadLetters,
        admitted,
        sessions.format("sessions"),
        funnels.format("funnels"),
        profiles.format("profiles"),
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
