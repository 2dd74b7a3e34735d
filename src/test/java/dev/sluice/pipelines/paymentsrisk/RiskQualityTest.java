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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped rules against a generated day, scored exactly as the pipeline will: valid events,
 * repeats dropped, late ones left out (the pipeline sends them to its late topic), then {@link
 * PaymentsModel} (per merchant, then per card, in event-time order) and {@link RiskRules}, the
 * decision JSON read back by the evaluation of {@code sluice evaluate payments}.
 */
class RiskQualityTest {

  /**
   * 1,000 cards rather than 300: at 300 a day holds one merchant attack of six cards and a handful
   * of spikes, too few payments for a recall to mean anything (about 110 fraudulent here).
   */
  static final int CARDS = 1_000;

  /** The pipeline's default --forgetCardsAfter. */
  static final long FORGET_AFTER_MS = Duration.ofDays(7).toMillis();

  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  /** Decision JSON lines, plus the rules that fired on legitimate payments (for tuning). */
  record Run(List<String> decisions, List<FraudTruth> truth, Map<String, Integer> legitRules) {}

  static Run run(long seed, int cards, RiskRules rules) {
    PaymentsConfig config =
        new PaymentsConfig(
            seed, cards, START, Duration.ofDays(1), PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE, "p-");
    PaymentsGenerator generator = new PaymentsGenerator(config);
    List<Event> admitted = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (generator.hasNext()) {
      GeneratedRecord r = generator.next();
      if (r.kind() == RecordKind.LATE_WITHIN) {
        continue;
      }
      Event e =
          TestPayments.parse(r.value(), r.eventTime() == null ? 0 : r.eventTime().toEpochMilli());
      if (e != null && seen.add(e.id())) {
        admitted.add(e);
      }
    }
    Set<String> fraud = new HashSet<>();
    generator.truth().forEach(t -> fraud.add(t.payment()));
    List<String> decisions = new ArrayList<>();
    Map<String, Integer> legitRules = new TreeMap<>();
    for (Observed o : PaymentsModel.observe(admitted, FORGET_AFTER_MS)) {
      Decision d = rules.score(o.event(), o.features());
      decisions.add(d.json(o.event(), o.features()));
      if (!fraud.contains(o.event().id()) && d.tier() != Tier.APPROVE) {
        d.firedRules().forEach(rule -> legitRules.merge(rule, 1, Integer::sum));
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
