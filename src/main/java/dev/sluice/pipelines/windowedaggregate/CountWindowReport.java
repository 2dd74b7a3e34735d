package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.kit.AuditReport;
import dev.sluice.kit.OutputLedger;

/**
 * What an audit of a count-window job found.
 *
 * @param deadLettersMissing invalid records with no dead letter
 * @param diversionsRepeated dead letters or late events written twice, or for valid records
 * @param admitted events admitted (valid, not a repeat, not diverted late)
 * @param unreadable records on the output topic that are not count windows
 */
record CountWindowReport(
    long inputRecords,
    long invalidRecords,
    long deadLetters,
    long deadLettersMissing,
    long diversionsRepeated,
    long admitted,
    long unreadable,
    OutputLedger.Tally windows)
    implements AuditReport {

  @Override
  public long checked() {
    return windows.checked();
  }

  @Override
  public long lost() {
    return windows.lost() + deadLettersMissing;
  }

  @Override
  public long duplicated() {
    return windows.repeated() + diversionsRepeated;
  }

  @Override
  public boolean clean() {
    return lost() == 0 && duplicated() == 0 && unreadable == 0 && windows.clean();
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d invalid, %d dead letters; %d events admitted%n%s; not a window %d%n"
            + "%s: lost %d, duplicated %d",
        inputRecords,
        invalidRecords,
        deadLetters,
        admitted,
        windows.format("count windows"),
        unreadable,
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
