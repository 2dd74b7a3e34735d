package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.kit.AuditReport;
import dev.sluice.kit.OutputLedger;

/**
 * What a payments-risk audit found.
 *
 * @param deadLettersMissing invalid records with no dead letter
 * @param diversionsRepeated dead letters or late events written twice, or for valid records
 * @param admitted payments admitted (valid, not a repeat, not diverted late)
 * @param perTier decisions written per tier (approve, review, block)
 * @param exact whether tiers and bytes were judged (no rules topic), or presence only
 */
record PaymentsRiskReport(
    long inputRecords,
    long invalidRecords,
    long deadLetters,
    long deadLettersMissing,
    long diversionsRepeated,
    long admitted,
    long[] perTier,
    boolean exact,
    OutputLedger.Tally decisions)
    implements AuditReport {

  @Override
  public long checked() {
    return decisions.checked();
  }

  @Override
  public long lost() {
    return decisions.lost() + deadLettersMissing;
  }

  @Override
  public long duplicated() {
    return decisions.repeated() + diversionsRepeated;
  }

  @Override
  public boolean clean() {
    return lost() == 0 && duplicated() == 0 && decisions.clean();
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d invalid, %d dead letters; %d payments admitted; written approve %d,"
            + " review %d, block %d%n%s%s%n%s: lost %d, duplicated %d",
        inputRecords,
        invalidRecords,
        deadLetters,
        admitted,
        perTier[Tier.APPROVE.ordinal()],
        perTier[Tier.REVIEW.ordinal()],
        perTier[Tier.BLOCK.ordinal()],
        decisions.format("decisions"),
        exact ? "" : " (with a rules topic: presence and uniqueness only)",
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
