package dev.sluice.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Beam's Flink translation logs a WARN per exactly-once sink at submit ("Enabling stable input for
 * transform ... Will only process elements at most every N milliseconds"): the sink's writer uses
 * {@code @RequiresStableInput}, so Flink hands it only what a checkpoint made final. That is the
 * design, not a fault; three alarming lines become one that says what it means.
 */
final class StableInputNote {

  /** slf4j-simple's per-logger level; the logger is made by DoFnOperator's constructor. */
  static final String LOGGER_LEVEL =
      "org.slf4j.simpleLogger.log.org.apache.beam.runners.flink.translation.wrappers.streaming.DoFnOperator";

  private StableInputNote() {}

  /**
   * Before the pipeline is translated: with an exactly-once sink, quiets the warning (unless a
   * level for that logger was set) and prints the note.
   */
  static void before(List<String> runnerArgs, PrintStream log) {
    if (!"true".equals(last(runnerArgs, "exactlyOnce"))) {
      return;
    }
    if (System.getProperty(LOGGER_LEVEL) == null) {
      System.setProperty(LOGGER_LEVEL, "error");
    }
    String interval = last(runnerArgs, "checkpointingInterval");
    log.printf(
        "sluice: exactly-once: each output is committed with a checkpoint, so results appear"
            + " every %s (--checkpointingInterval); Beam calls this 'stable input'%n",
        interval == null ? "checkpoint" : interval + " ms");
  }

  private static String last(List<String> args, String name) {
    String value = null;
    for (String a : args) {
      if (a.equals("--" + name)) {
        value = "true";
      } else if (a.startsWith("--" + name + "=")) {
        value = a.substring(name.length() + 3);
      }
    }
    return value;
  }
}
