package dev.sluice.pipelines.router;

import dev.sluice.kit.AuditReport;

/**
 * What a router audit found.
 *
 * @param pending valid events not yet due (the input's watermark has not passed their time)
 * @param checked valid events that were due and whose copies were checked
 * @param copiesLost (event, topic) pairs the rules in force at the event's time chose, not written
 * @param copiesRepeated copies written more than once to the same topic
 * @param misrouted copies in a topic the rules did not choose, or stamped with another version
 * @param deadLettersExpected invalid records plus refused rule-set records
 */
public record RouterReport(
    long inputRecords,
    long validEvents,
    long invalidRecords,
    long pending,
    long checked,
    long copiesLost,
    long copiesRepeated,
    long misrouted,
    long deadLettersExpected,
    long deadLetters)
    implements AuditReport {

  @Override
  public long lost() {
    return copiesLost + Math.max(0, deadLettersExpected - deadLetters);
  }

  @Override
  public long duplicated() {
    return copiesRepeated + Math.max(0, deadLetters - deadLettersExpected);
  }

  @Override
  public boolean clean() {
    return lost() == 0 && duplicated() == 0 && misrouted == 0;
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d valid, %d invalid; dead letters %d (expected %d)%n"
            + "events checked %d (not yet due %d): copies lost %d, written twice %d, misrouted %d%n"
            + "%s: lost %d, duplicated %d",
        inputRecords,
        validEvents,
        invalidRecords,
        deadLetters,
        deadLettersExpected,
        checked,
        pending,
        copiesLost,
        copiesRepeated,
        misrouted,
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
