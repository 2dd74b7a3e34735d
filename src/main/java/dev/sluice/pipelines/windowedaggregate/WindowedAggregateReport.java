package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.kit.AuditReport;

/**
 * What an audit of a windowed-aggregate job's committed outputs found. "Lost" and "duplicated" are
 * the two ways exactly-once can fail; every figure is from records readable in read_committed.
 *
 * @param windowsOpen windows not yet final by the input's own watermark, left out of the check
 * @param eventsLost accepted events (valid, not a repeat, not on the late topic) that no final
 *     window counts; includes whole windows that have no result
 * @param eventsCountedTwice events beyond the expected count of a final window
 * @param valueMismatches windows whose count matches but whose sum, min or max does not
 * @param panesRepeated results committed more than once for the same (key, window, paneIndex)
 * @param deadLettersMissing invalid input records with no dead letter
 * @param deadLettersRepeated invalid input records with more than one dead letter
 * @param lateRepeated input records on the late topic more than once
 * @param lateNotValid late-topic records whose origin is not a valid input event
 * @param userQuery results of a user query ({@code --sql}): windows checked for a result, not its
 *     count or values
 */
public record WindowedAggregateReport(
    long inputRecords,
    long validEvents,
    long invalidRecords,
    long deadLetters,
    long lateEvents,
    long windowsChecked,
    long windowsOpen,
    long eventsInFinalWindows,
    long eventsLost,
    long eventsCountedTwice,
    long valueMismatches,
    long panesRepeated,
    long deadLettersMissing,
    long deadLettersRepeated,
    long lateRepeated,
    long lateNotValid,
    boolean userQuery)
    implements AuditReport {

  @Override
  public long checked() {
    return windowsChecked;
  }

  @Override
  public long lost() {
    return eventsLost + deadLettersMissing;
  }

  @Override
  public long duplicated() {
    return eventsCountedTwice + panesRepeated + deadLettersRepeated + lateRepeated;
  }

  @Override
  public boolean clean() {
    return lost() == 0 && duplicated() == 0 && valueMismatches == 0 && lateNotValid == 0;
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d valid, %d invalid%n"
            + "dead letters %d (missing %d, repeated %d); late events %d (repeated %d, not valid %d)%n"
            + "final windows checked %d (still open %d)%s: %d events counted, lost %d, counted twice"
            + " %d, value mismatches %d; panes committed twice %d%n"
            + "%s: lost %d, duplicated %d",
        inputRecords,
        validEvents,
        invalidRecords,
        deadLetters,
        deadLettersMissing,
        deadLettersRepeated,
        lateEvents,
        lateRepeated,
        lateNotValid,
        windowsChecked,
        windowsOpen,
        userQuery ? " by presence only (a user query's values are its own)" : "",
        eventsInFinalWindows,
        eventsLost,
        eventsCountedTwice,
        valueMismatches,
        panesRepeated,
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
