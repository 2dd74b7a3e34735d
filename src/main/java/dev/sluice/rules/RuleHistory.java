package dev.sluice.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rule files a shard of a pipeline knows (the router's rule sets, payments-risk's risk rules),
 * ordered by the time they apply from. The one for an event is the last that applies at or before
 * its time. Bounded: only the newest {@link #KEPT} are kept, which is exact unless more rule sets
 * than that apply within one watermark delay.
 */
public final class RuleHistory implements Serializable {

  public static final int KEPT = 16;

  private final List<RuleChange> changes;

  private RuleHistory(List<RuleChange> changes) {
    this.changes = changes;
  }

  /** The startup rules ({@link RuleChange#initial}) alone. */
  public static RuleHistory startingWith(RuleChange initial) {
    return new RuleHistory(List.of(initial));
  }

  public List<RuleChange> changes() {
    return changes;
  }

  public static RuleHistory of(List<RuleChange> changes) {
    return new RuleHistory(List.copyOf(changes));
  }

  /** The highest version known. */
  public long latestVersion() {
    return changes.stream().mapToLong(RuleChange::version).max().orElse(0);
  }

  public boolean knows(long version) {
    return changes.stream().anyMatch(c -> c.version() == version);
  }

  /** Adds a newer version; a version must grow with the time it applies from. */
  public RuleHistory with(RuleChange change) {
    List<RuleChange> all = new ArrayList<>(changes);
    all.add(change);
    all.sort(
        Comparator.comparingLong(RuleChange::effectiveFrom).thenComparingLong(RuleChange::version));
    while (all.size() > KEPT) {
      all.remove(0);
    }
    return new RuleHistory(List.copyOf(all));
  }

  /** The rule set in force at {@code time}, or the oldest known when all apply later. */
  public RuleChange at(long time) {
    RuleChange inForce = changes.get(0);
    for (RuleChange c : changes) {
      if (c.effectiveFrom() <= time) {
        inForce = c;
      }
    }
    return inForce;
  }
}
