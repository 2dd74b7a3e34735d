package dev.sluice.kit;

import dev.sluice.transforms.SluiceMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What must add up in a pipeline's counters: identities {@code total = part + part + ...} and
 * counters that must stay zero. Every run prints the line; tests and the demo check it.
 */
public final class Accounting implements Serializable {

  /**
   * {@code total = factor x (sum of parts)}; {@code quietWhenZero}: left out of the line while
   * every counter in it is zero.
   */
  private record Identity(String total, long factor, List<String> parts, boolean quietWhenZero)
      implements Serializable {}

  private final List<Identity> identities = new ArrayList<>();
  private final List<String> zeros = new ArrayList<>();

  public static Accounting of() {
    return new Accounting();
  }

  /**
   * What a pipeline with the kit's gate ({@code AdmitEvents}) owes: every record read is valid or
   * invalid, and every valid event is a repeat, admitted or late.
   */
  public static Accounting ofAdmission() {
    return of().identity(SluiceMetrics.READ, SluiceMetrics.VALID, SluiceMetrics.INVALID)
        .identity(
            SluiceMetrics.VALID,
            SluiceMetrics.DUPLICATES,
            SluiceMetrics.AGGREGATED,
            SluiceMetrics.LATE);
  }

  /** {@code total} must equal the sum of {@code parts}. */
  public Accounting identity(String total, String... parts) {
    identities.add(new Identity(total, 1, List.of(parts), false));
    return this;
  }

  /**
   * An identity of an optional mode (e.g. count windows): checked always, printed only once one of
   * its counters moved.
   */
  public Accounting identityWhenUsed(String total, String... parts) {
    identities.add(new Identity(total, 1, List.of(parts), true));
    return this;
  }

  /** {@code total} must equal {@code factor} times {@code part}, e.g. windows per event. */
  public Accounting multiple(String total, long factor, String part) {
    identities.add(new Identity(total, factor, List.of(part), false));
    return this;
  }

  /** {@code counter} must be zero, e.g. events Beam dropped as too late. */
  public Accounting zero(String counter) {
    zeros.add(counter);
    return this;
  }

  public boolean balanced(RunSummary s) {
    for (Identity i : identities) {
      long sum = i.parts().stream().mapToLong(s::counter).sum();
      if (s.counter(i.total()) != i.factor() * sum) {
        return false;
      }
    }
    return zeros.stream().allMatch(z -> s.counter(z) == 0);
  }

  /** e.g. {@code accounting: records_read 10 = events_valid 9 + events_invalid 1; ... -> ...}. */
  public String line(RunSummary s) {
    List<String> clauses = new ArrayList<>();
    for (Identity i : identities) {
      if (i.quietWhenZero()
          && s.counter(i.total()) == 0
          && i.parts().stream().allMatch(p -> s.counter(p) == 0)) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      i.parts().forEach(p -> parts.add(p + " " + s.counter(p)));
      String times = i.factor() == 1 ? "" : i.factor() + " x ";
      clauses.add(
          i.total() + " " + s.counter(i.total()) + " = " + times + String.join(" + ", parts));
    }
    zeros.forEach(z -> clauses.add(z + " " + s.counter(z)));
    return "accounting: "
        + String.join("; ", clauses)
        + " -> "
        + (balanced(s) ? "every event accounted for" : "MISMATCH");
  }
}
