package dev.sluice.kit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * An audit's comparison of one output: what a recomputation expects, each record by identity with
 * its exact bytes, against what the job committed. Only records final by the input's watermark are
 * judged; the rest are counted as open, written or not.
 */
public final class OutputLedger {

  private record Expected(String value, long time) {}

  private final Map<String, Expected> expected = new HashMap<>();
  private final Map<String, Integer> written = new HashMap<>();
  private final Map<String, String> writtenValue = new HashMap<>();
  private final Map<String, Long> writtenTime = new HashMap<>();

  /** A record the job should write: its identity, its bytes and the event time it depends on. */
  public void expect(String identity, String value, long time) {
    expected.put(identity, new Expected(value, time));
  }

  /** A record the job wrote. */
  public void written(String identity, String value, long time) {
    written.merge(identity, 1, Integer::sum);
    writtenValue.putIfAbsent(identity, value);
    writtenTime.putIfAbsent(identity, time);
  }

  /** The tallies, judging only records whose time is final. */
  public Tally tally(LongPredicate isFinal) {
    long checked = 0, open = 0, lost = 0, wrong = 0, unexpected = 0, repeated = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      if (!isFinal.test(e.getValue().time())) {
        open++;
        continue;
      }
      checked++;
      String value = writtenValue.get(e.getKey());
      if (value == null) {
        lost++;
        Tally.example(examples, "lost " + e.getKey() + ": " + e.getValue().value());
      } else if (!value.equals(e.getValue().value())) {
        wrong++;
        Tally.example(
            examples, "wrong " + e.getKey() + ": " + value + ", expected " + e.getValue().value());
      }
    }
    for (Map.Entry<String, Integer> w : written.entrySet()) {
      repeated += w.getValue() - 1;
      if (w.getValue() > 1) {
        Tally.example(examples, "written " + w.getValue() + " times " + w.getKey());
      }
      if (!expected.containsKey(w.getKey())) {
        if (isFinal.test(writtenTime.get(w.getKey()))) {
          unexpected++;
          Tally.example(examples, "unexpected " + w.getKey() + ": " + writtenValue.get(w.getKey()));
        } else {
          open++;
        }
      }
    }
    return new Tally(checked, open, lost, wrong, unexpected, repeated, examples);
  }

  /**
   * @param checked expected records that are final
   * @param open records (expected or written) not final yet
   * @param lost final records not written
   * @param wrong final records written with other bytes
   * @param unexpected final records written that the input does not produce
   * @param repeated records written more than once
   * @param examples the first few problems, each naming its record, so a failure explains itself
   */
  public record Tally(
      long checked,
      long open,
      long lost,
      long wrong,
      long unexpected,
      long repeated,
      List<String> examples) {

    static final int EXAMPLES = 3;

    /** Keeps a problem's description if fewer than {@link #EXAMPLES} are kept. */
    public static void example(List<String> examples, String problem) {
      if (examples.size() < EXAMPLES) {
        examples.add(problem.length() > 300 ? problem.substring(0, 300) + "..." : problem);
      }
    }

    public boolean clean() {
      return lost == 0 && wrong == 0 && unexpected == 0 && repeated == 0;
    }

    public String format(String what) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "%s checked %d (too recent %d): lost %d, wrong %d, unexpected %d, written twice"
                      + " %d",
                  what, checked, open, lost, wrong, unexpected, repeated));
      examples.forEach(e -> line.append(String.format("%n    e.g. %s", e)));
      return line.toString();
    }
  }
}
