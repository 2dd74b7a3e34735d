package dev.sluice.pipelines.router;

import java.io.Serializable;

/**
 * A checked rule set and the event time from which it applies: its rules-topic record's timestamp
 * (the startup file's rule set applies from the beginning of time).
 */
record RuleChange(long version, long effectiveFrom, String text) implements Serializable {

  /** Parses again; cheap, and only when a shard meets a version it has not parsed yet. */
  RuleSet rules() {
    return RuleSet.parse(text);
  }
}
