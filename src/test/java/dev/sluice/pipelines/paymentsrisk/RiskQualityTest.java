package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.Event;
import dev.sluice.generator.FraudTruth;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.generator.RecordKind;
import dev.sluice.quality.PaymentsEvaluation;
import dev.sluice.quality.PaymentsResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped rules against a generated day, scored exactly as the pipeline will: valid events,
 * repeats dropped, late ones left out (the pipeline sends them to its late topic), each card's
 * payments in event-time order through {@link CardFeatures} and {@link RiskRules}, the decision
 * JSON read back by the evaluation of {@code sluice evaluate payments}.
 */
class RiskQualityTest {

  /**
   * 1,000 cards rather than 300: at 300 a day holds one merchant attack of six cards and a handful
   * of spikes, too few payments for a recall to mean anything (about 110 fraudulent here).
   */
  static final int CARDS = 1_000;

  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  /** Decision JSON lines, plus the rules that fired on legitimate payments (for tuning). */
  record Run(List<String> decisions, List<FraudTruth> truth, Map<String, Integer> legitRules) {}

  static Run run(long seed, int cards, RiskRules rules) {
    PaymentsConfig config =
        new PaymentsConfig(
            seed, cards, START, Duration.ofDays(1), PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE, "p-");
    PaymentsGenerator generator = new PaymentsGenerator(config);
    Map<String, List<Event>> byCard = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    while (generator.hasNext()) {
      GeneratedRecord r = generator.next();
      if (r.kind() == RecordKind.LATE_WITHIN) {
        continue;
      }
      Event e =
          TestPayments.parse(r.value(), r.eventTime() == null ? 0 : r.eventTime().toEpochMilli());
      if (e != null && seen.add(e.id())) {
        byCard.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e);
      }
    }
    Set<String> fraud = new HashSet<>();
    generator.truth().forEach(t -> fraud.add(t.payment()));
    List<String> decisions = new ArrayList<>();
    Map<String, Integer> legitRules = new TreeMap<>();
    for (List<Event> payments : byCard.values()) {
      payments.sort(Comparator.comparingLong(Event::eventTimeMillis).thenComparing(Event::id));
      CardFeatures card = new CardFeatures();
      for (Event e : payments) {
        Payment p = Payment.of(e).value();
        Features f = CardFeatures.observe(card, e.eventTimeMillis(), p.amount(), p.country());
        Decision d = rules.score(e, f);
        decisions.add(d.json(e, f));
        if (!fraud.contains(e.id()) && d.tier() != Tier.APPROVE) {
          d.firedRules().forEach(rule -> legitRules.merge(rule, 1, Integer::sum));
        }
      }
    }
    return new Run(decisions, generator.truth(), legitRules);
  }

  static PaymentsResult evaluate(Run run) {
    List<PaymentsEvaluation.Fraud> truth = new ArrayList<>();
    for (FraudTruth t : run.truth()) {
      truth.add(new PaymentsEvaluation.Fraud(t.payment(), t.pattern().label()));
    }
    return PaymentsEvaluation.evaluate(
        truth, run.decisions().stream().map(PaymentsEvaluation::parseDecision).toList());
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 2026})
  void theShippedRulesFindNineInTenFraudsAndFlagAtMostTwoPercentOfTheRest(long seed) {
    Run run = run(seed, CARDS, RiskRules.fromClasspath());
    PaymentsResult result = evaluate(run);
    System.out.println(
        "seed " + seed + "\n" + result.toTable() + "legit flagged by " + run.legitRules());
    assertEquals(
        0, result.patterns().stream().mapToInt(PaymentsResult.PatternRow::undecided).sum());
    assertTrue(result.recall() >= PaymentsEvaluation.GOAL_RECALL, result.toTable());
    assertTrue(
        result.legitFlaggedShare() <= PaymentsEvaluation.GOAL_LEGIT_FLAGGED, result.toTable());
  }
}
