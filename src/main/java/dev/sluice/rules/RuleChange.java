package dev.sluice.rules;

import java.io.Serializable;

/**
 * A checked rule file and the event time from which it applies: its rules-topic record's timestamp
 * (the startup file applies from the beginning of time). The text is kept rather than the parsed
 * rules, so any pipeline's rule format fits; each parses it again when it first meets a version.
 */
public record RuleChange(long version, long effectiveFrom, String text) implements Serializable {

  /** The startup rules: in force from the beginning of time until a change applies. */
  public static RuleChange initial(long version, String text) {
    return new RuleChange(version, Long.MIN_VALUE, text);
  }
}
