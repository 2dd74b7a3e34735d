package dev.sluice.transforms;

/**
 * Names of the Beam counters every Sluice pipeline reports; the run summary prints them in this
 * order.
 */
public final class SluiceMetrics {

  public static final String NAMESPACE = "sluice";
  public static final String READ = "records_read";
  public static final String VALID = "events_valid";
  public static final String INVALID = "events_invalid";
  public static final String DUPLICATES = "events_duplicate";
  public static final String LATE = "events_late";
  public static final String AGGREGATED = "events_aggregated";
  public static final String PANES_OUT = "panes_out";

  /**
   * Count windows (see {@link CountWindows}): every event that reaches them is in an emitted
   * window, skipped (in no window), incomplete (its key forgotten first), late or still pending.
   */
  public static final String COUNT_IN = "count_events_in";

  public static final String COUNT_WINDOWED = "count_events_windowed";
  public static final String COUNT_SKIPPED = "count_events_skipped";
  public static final String COUNT_INCOMPLETE = "count_events_incomplete";
  public static final String COUNT_LATE = "count_events_late";
  public static final String COUNT_PENDING = "count_events_pending";
  public static final String COUNT_WINDOWS_OUT = "count_windows_out";

  /** (event, window) pairs grouped with sliding windows or sessions (one proto-window each). */
  public static final String WINDOW_MEMBERSHIPS = "window_memberships";

  /** Records Kafka refused to take (too large for the output topic), counted instead of retried. */
  public static final String WRITES_FAILED = "writes_failed";

  /** Reported by every pipeline, first in a run summary. */
  public static final String[] COMMON = {READ, VALID, INVALID, WRITES_FAILED};

  /** windowed-aggregate's, in the order a run summary prints them. */
  public static final String[] ALL = {
    READ, VALID, INVALID, DUPLICATES, LATE, AGGREGATED, PANES_OUT, WRITES_FAILED
  };

  private SluiceMetrics() {}
}
