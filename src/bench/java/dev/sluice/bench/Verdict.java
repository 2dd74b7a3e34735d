package dev.sluice.bench;

import dev.sluice.pipelines.windowedaggregate.WindowResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Whether a contender's final values equal the reference's, and if not, how they differ. */
public record Verdict(int windows, int missing, int extra, int different, List<String> examples) {

  public boolean equal() {
    return missing == 0 && extra == 0 && different == 0;
  }

  /**
   * Same window, same count, min and max; sums within rounding (contenders add the same values in
   * different orders).
   */
  static boolean same(WindowResult a, WindowResult b) {
    return a.windowEnd().equals(b.windowEnd())
        && a.count() == b.count()
        && a.min() == b.min()
        && a.max() == b.max()
        && Math.abs(a.sum() - b.sum()) <= 1e-9 * Math.max(1, Math.abs(a.sum()));
  }

  public static Verdict compare(
      Map<String, WindowResult> reference, Map<String, WindowResult> actual) {
    int missing = 0;
    int different = 0;
    List<String> examples = new ArrayList<>();
    for (String id : new TreeSet<>(reference.keySet())) {
      WindowResult got = actual.get(id);
      if (got == null) {
        missing++;
        note(examples, "missing " + id);
      } else if (!same(reference.get(id), got)) {
        different++;
        note(
            examples,
            "differs "
                + id
                + ": want count="
                + reference.get(id).count()
                + " sum="
                + reference.get(id).sum()
                + ", got count="
                + got.count()
                + " sum="
                + got.sum());
      }
    }
    int extra = 0;
    for (String id : actual.keySet()) {
      if (!reference.containsKey(id)) {
        extra++;
        note(examples, "extra " + id + " count=" + actual.get(id).count());
      }
    }
    return new Verdict(reference.size(), missing, extra, different, examples);
  }

  private static void note(List<String> examples, String line) {
    if (examples.size() < 5) {
      examples.add(line);
    }
  }

  @Override
  public String toString() {
    return equal()
        ? "equal (" + windows + " key-windows)"
        : "NOT equal: "
            + missing
            + " missing, "
            + extra
            + " extra, "
            + different
            + " different of "
            + windows
            + " key-windows "
            + examples;
  }
}
