package dev.sluice.generator;

/** What a generated record is meant to exercise downstream. */
public enum RecordKind {
  /** A valid event, at most {@code maxOutOfOrderness} behind the latest event time so far. */
  ON_TIME,
  /**
   * Late for its window (watermark = max event time - maxOutOfOrderness) but within allowed
   * lateness.
   */
  LATE_WITHIN,
  /** So late that its window is past allowed lateness: must be dropped or dead-lettered. */
  LATE_BEYOND,
  /** The exact bytes (and headers) of an earlier event sent again: same source and id. */
  DUPLICATE,
  MALFORMED_NOT_JSON,
  MALFORMED_MISSING_TIME,
  MALFORMED_WRONG_TYPES,
  MALFORMED_MISSING_DATA;

  public boolean isMalformed() {
    return name().startsWith("MALFORMED_");
  }
}
