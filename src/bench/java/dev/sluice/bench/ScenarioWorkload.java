package dev.sluice.bench;

import dev.sluice.generator.GeneratedRecord;
import java.util.Iterator;

/**
 * The input of a scenario row ({@link Contender.Scenario}): a generator scenario's records, written
 * to their own topic before any contender starts. One record is one event of the row (a reading, a
 * click), whatever the pipeline makes of it.
 */
interface ScenarioWorkload {

  /** A fresh generator of the records in arrival order, and how many it writes (for progress). */
  record Records(Iterator<GeneratedRecord> records, long expected) {}

  Records records();

  /** Event time at which the generated stream ends (epoch millis). */
  long endMillis();

  /** One line on what the generator was asked for, for the report. */
  String describe();
}
