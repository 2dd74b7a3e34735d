package dev.sluice.pipelines.merge;

import dev.sluice.kit.AuditReport;
import dev.sluice.kit.OutputLedger;

/**
 * What a merge audit found.
 *
 * @param deadLettersMissing invalid records with no dead letter
 * @param diversionsRepeated dead letters or late events written twice, or for valid records
 * @param admitted events admitted (valid, not a repeat, not diverted late)
 * @param keys keys seen on the output topic
 * @param outOfOrder output records that came after a later event of the same key
 */
record MergeReport(
    long inputRecords,
    long invalidRecords,
    long deadLetters,
    long deadLettersMissing,
    long diversionsRepeated,
    long admitted,
    OutputLedger.Tally merged,
    long keys,
    long outOfOrder)
    implements AuditReport {

  @Override
  public long checked() {
    return merged.checked();
  }

  @Override
  public long lost() {
    return merged.lost() + deadLettersMissing;
  }

  @Override
  public long duplicated() {
    return merged.repeated() + diversionsRepeated;
  }

  @Override
  public boolean clean() {
    return lost() == 0 && duplicated() == 0 && merged.clean() && outOfOrder == 0;
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d invalid, %d dead letters; %d events admitted%n%s%n"
            + "order: %d keys, %d records out of event-time order%n%s: lost %d, duplicated %d",
        inputRecords,
        invalidRecords,
        deadLetters,
        admitted,
        merged.format("merged events"),
        keys,
        outOfOrder,
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
