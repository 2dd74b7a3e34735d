package dev.sluice.pipelines.clickstream;

import java.util.Comparator;

/**
 * One accepted click: the user (the CloudEvent's subject), which step of the funnel it is, when,
 * and what it was about. Absent text is "", an absent price NaN.
 */
public record Click(
    String user,
    String source,
    String id,
    Step step,
    long time,
    String page,
    String product,
    String category,
    double price) {

  /** Event time, then the funnel's step order, then identity: the same order on every runner. */
  public static final Comparator<Click> ORDER =
      Comparator.comparingLong(Click::time)
          .thenComparing(Click::step)
          .thenComparing(Click::source)
          .thenComparing(Click::id);

  public boolean hasPrice() {
    return !Double.isNaN(price);
  }
}
