package dev.sluice.quality;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link PaymentsEvaluation}: recall per fraud pattern, the cost in legitimate
 * payments flagged, and the decisions per tier.
 *
 * @param legit legitimate payments decided
 * @param legitFlagged of which sent to review or block
 * @param flagged every payment sent to review or block
 * @param tiers decided payments per tier (approve, review, block)
 * @param repeats decisions for a payment already decided (ignored)
 */
public record PaymentsResult(
    List<PatternRow> patterns,
    int legit,
    int legitFlagged,
    int flagged,
    Map<String, Integer> tiers,
    int repeats) {

  /** One fraud pattern: its payments, how many were flagged, how many got no decision at all. */
  public record PatternRow(String pattern, int fraud, int flagged, int undecided) {
    public double recall() {
      return fraud == 0 ? Double.NaN : flagged / (double) fraud;
    }
  }

  public PatternRow row(String pattern) {
    return patterns.stream().filter(r -> r.pattern().equals(pattern)).findFirst().orElseThrow();
  }

  public int fraud() {
    return patterns.stream().mapToInt(PatternRow::fraud).sum();
  }

  public int fraudFlagged() {
    return patterns.stream().mapToInt(PatternRow::flagged).sum();
  }

  /** Fraudulent payments flagged over all fraudulent payments; NaN without fraud. */
  public double recall() {
    return fraud() == 0 ? Double.NaN : fraudFlagged() / (double) fraud();
  }

  /** Fraud among the flagged; NaN when nothing is flagged. */
  public double precision() {
    return flagged == 0 ? Double.NaN : fraudFlagged() / (double) flagged;
  }

  /** Share of legitimate payments sent to review or block. */
  public double legitFlaggedShare() {
    return legit == 0 ? Double.NaN : legitFlagged / (double) legit;
  }

  public boolean meetsGoal() {
    return recall() >= PaymentsEvaluation.GOAL_RECALL
        && legitFlaggedShare() <= PaymentsEvaluation.GOAL_LEGIT_FLAGGED;
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-20s %8s %8s %8s %10s%n", "pattern", "fraud", "flagged", "recall", "undecided"));
    for (PatternRow r : patterns) {
      sb.append(
          String.format(
              "%-20s %8d %8d %8s %10d%n",
              r.pattern(),
              r.fraud(),
              r.flagged(),
              EvaluationResult.percent(r.recall()),
              r.undecided()));
    }
    sb.append(
        String.format(
            "%-20s %8d %8d %8s%n",
            "all fraud", fraud(), fraudFlagged(), EvaluationResult.percent(recall())));
    sb.append(
        String.format(
            "legitimate: %d decided, %d flagged (%s); precision of review+block %s%n",
            legit,
            legitFlagged,
            EvaluationResult.percent(legitFlaggedShare()),
            EvaluationResult.percent(precision())));
    sb.append("tiers:");
    tiers.forEach((tier, n) -> sb.append(' ').append(tier).append(' ').append(n));
    sb.append(repeats == 0 ? "" : " (" + repeats + " repeated decisions ignored)").append('\n');
    sb.append(
        String.format(
            "goal (recall >= %.0f%%, legitimate flagged <= %.0f%%): %s%n",
            100 * PaymentsEvaluation.GOAL_RECALL,
            100 * PaymentsEvaluation.GOAL_LEGIT_FLAGGED,
            meetsGoal() ? "met" : "NOT met"));
    return sb.toString();
  }
}
