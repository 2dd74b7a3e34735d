package dev.sluice.generator;

/**
 * What happened to the readings of an IoT run beyond the record kinds: readings that were never
 * sent (a lost reading, a silent device) and readings missing one metric.
 */
public final class IotCounts {

  long readings;
  long missingReadings;
  long silenced;
  long missingMetric;

  /** Readings sent (once each; duplicates are counted as records, not here). */
  public long readings() {
    return readings;
  }

  /** Readings lost at random (about 1%). */
  public long missingReadings() {
    return missingReadings;
  }

  /** Readings not sent because their device was in an injected silence. */
  public long silenced() {
    return silenced;
  }

  /** Readings sent without one of their metrics. */
  public long missingMetric() {
    return missingMetric;
  }

  public String toTable() {
    return String.format(
        "%-24s %10d%n%-24s %10d%n%-24s %10d%n%-24s %10d%n",
        "readings sent",
        readings,
        "  missing one metric",
        missingMetric,
        "readings lost",
        missingReadings,
        "readings silenced",
        silenced);
  }
}
