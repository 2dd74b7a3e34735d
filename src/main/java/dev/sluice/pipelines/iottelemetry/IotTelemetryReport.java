package dev.sluice.pipelines.iottelemetry;

import dev.sluice.kit.AuditReport;

/**
 * What an iot-telemetry audit found.
 *
 * @param readings admitted metric readings (valid, not a repeat, not diverted late)
 * @param judged admitted readings final by the input's watermark: each must be scored once
 * @param alertsChecked alerts expected where every reading before them is final by that watermark
 * @param open alerts (expected or written) too recent to judge
 * @param alertsLost expected alerts not written
 * @param alertsRepeated alerts written more than once
 * @param alertsUnexpected alerts written that the readings do not raise
 * @param scoresLost admitted readings without a score (when scores are written)
 * @param scoresRepeated readings scored more than once
 */
public record IotTelemetryReport(
    long inputRecords,
    long invalidRecords,
    long deadLetters,
    long readings,
    long judged,
    long alertsChecked,
    long open,
    long alertsLost,
    long alertsRepeated,
    long alertsUnexpected,
    long scoresLost,
    long scoresRepeated)
    implements AuditReport {

  @Override
  public long checked() {
    return judged + alertsChecked;
  }

  @Override
  public long lost() {
    return alertsLost + scoresLost + Math.max(0, invalidRecords - deadLetters);
  }

  @Override
  public long duplicated() {
    return alertsRepeated + scoresRepeated + Math.max(0, deadLetters - invalidRecords);
  }

  @Override
  public boolean clean() {
    return lost() == 0 && duplicated() == 0 && alertsUnexpected == 0;
  }

  @Override
  public String format() {
    return String.format(
        "input %d records: %d invalid, %d dead letters; %d metric readings admitted, %d final%n"
            + "alerts checked %d (too recent %d): lost %d, written twice %d, unexpected %d;"
            + " scores lost %d, twice %d%n"
            + "%s: lost %d, duplicated %d",
        inputRecords,
        invalidRecords,
        deadLetters,
        readings,
        judged,
        alertsChecked,
        open,
        alertsLost,
        alertsRepeated,
        alertsUnexpected,
        scoresLost,
        scoresRepeated,
        clean() ? "CLEAN" : "NOT CLEAN",
        lost(),
        duplicated());
  }
}
