package dev.sluice.kit;

/**
 * What an audit of a job's committed outputs found, recomputed from its input topic: the two ways
 * exactly-once can fail (lost, duplicated) and anything else wrong. Each pipeline has its own
 * report; the chaos suite and {@code sluice audit} only need these.
 */
public interface AuditReport {

  /** Records read from the input topic(s). */
  long inputRecords();

  /** Units of output that were final and checked (windows, routed events ...). */
  long checked();

  /** Input that should have produced output and did not. */
  long lost();

  /** Output committed more than once. */
  long duplicated();

  /** Nothing lost, nothing twice, nothing else wrong. */
  boolean clean();

  /** A few lines for people, ending with the verdict. */
  String format();
}
