package dev.sluice.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores payments-risk decisions against the truth of {@code generate --scenario payments}. A
 * payment is flagged when its tier is review or block. Recall counts fraudulent payments flagged
 * (one without a decision counts as missed, and is reported); precision is fraud among the flagged;
 * the legitimate cost is the share of legitimate decided payments flagged. A payment decided twice
 * (an at-least-once rewrite) counts once, with its last decision.
 *
 * <p>Pure: no I/O, no clock.
 */
public final class PaymentsEvaluation {

  /** The goal of issue 12: at least 90% of fraud flagged, at most 2% of legitimate payments. */
  public static final double GOAL_RECALL = 0.9;

  public static final double GOAL_LEGIT_FLAGGED = 0.02;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of the truth file: a fraudulent payment and its pattern. */
  public record Fraud(String payment, String pattern) {}

  /** What evaluation needs of a decision record. */
  public record Verdict(String payment, String tier) {
    boolean flagged() {
      return tier.equals("review") || tier.equals("block");
    }
  }

  private PaymentsEvaluation() {}

  public static Fraud parseTruth(String line) {
    JsonNode n = read(line, "truth");
    return new Fraud(text(n, "payment", line), text(n, "pattern", line));
  }

  public static Verdict parseDecision(String line) {
    JsonNode n = read(line, "decision");
    String tier = text(n, "tier", line);
    if (!List.of("approve", "review", "block").contains(tier)) {
      throw new IllegalArgumentException("decision with tier '" + tier + "': " + line);
    }
    return new Verdict(text(n, "payment", line), tier);
  }

  public static PaymentsResult evaluate(List<Fraud> truth, List<Verdict> decisions) {
    Map<String, Verdict> byPayment = new HashMap<>();
    int repeats = 0;
    for (Verdict v : decisions) {
      if (byPayment.put(v.payment(), v) != null) {
        repeats++;
      }
    }
    Map<String, String> patternOf = new HashMap<>();
    Map<String, int[]> rows = new TreeMap<>(); // pattern -> {fraud, flagged, undecided}
    for (Fraud f : truth) {
      if (patternOf.put(f.payment(), f.pattern()) != null) {
        continue;
      }
      int[] row = rows.computeIfAbsent(f.pattern(), k -> new int[3]);
      row[0]++;
      Verdict v = byPayment.get(f.payment());
      if (v == null) {
        row[2]++;
      } else if (v.flagged()) {
        row[1]++;
      }
    }
    Map<String, Integer> tiers = new LinkedHashMap<>();
    List.of("approve", "review", "block").forEach(t -> tiers.put(t, 0));
    int legit = 0;
    int legitFlagged = 0;
    int flagged = 0;
    for (Verdict v : byPayment.values()) {
      tiers.merge(v.tier(), 1, Integer::sum);
      flagged += v.flagged() ? 1 : 0;
      if (!patternOf.containsKey(v.payment())) {
        legit++;
        legitFlagged += v.flagged() ? 1 : 0;
      }
    }
    List<PaymentsResult.PatternRow> patternRows = new ArrayList<>();
    rows.forEach(
        (pattern, r) -> patternRows.add(new PaymentsResult.PatternRow(pattern, r[0], r[1], r[2])));
    return new PaymentsResult(patternRows, legit, legitFlagged, flagged, tiers, repeats);
  }

  private static JsonNode read(String line, String what) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a " + what + " record: " + line);
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON " + what + " record: " + line, e);
    }
  }

  private static String text(JsonNode n, String field, String line) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("no text field '" + field + "' in " + line);
    }
    return v.asText();
  }
}
