package dev.sluice.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentsEvaluationTest {

  @Test
  void recallPerPatternPrecisionAndTheLegitimateCost() {
    List<PaymentsEvaluation.Fraud> truth =
        List.of(
            PaymentsEvaluation.parseTruth(
                "{\"payment\":\"p-1\",\"card\":\"c\",\"time\":\"2026-01-01T00:00:00Z\","
                    + "\"pattern\":\"card-testing\"}"),
            new PaymentsEvaluation.Fraud("p-2", "card-testing"),
            new PaymentsEvaluation.Fraud("p-3", "amount-spike"),
            new PaymentsEvaluation.Fraud("p-4", "amount-spike"));
    List<PaymentsEvaluation.Verdict> decisions =
        List.of(
            PaymentsEvaluation.parseDecision(
                "{\"payment\":\"p-1\",\"tier\":\"block\",\"score\":90}"),
            new PaymentsEvaluation.Verdict("p-2", "review"),
            new PaymentsEvaluation.Verdict("p-3", "approve"),
            // p-4 never decided
            new PaymentsEvaluation.Verdict("p-5", "review"),
            new PaymentsEvaluation.Verdict("p-6", "approve"),
            new PaymentsEvaluation.Verdict("p-6", "approve"),
            new PaymentsEvaluation.Verdict("p-7", "approve"));
    PaymentsResult r = PaymentsEvaluation.evaluate(truth, decisions);
    assertEquals(1.0, r.row("card-testing").recall());
    assertEquals(0.0, r.row("amount-spike").recall());
    assertEquals(1, r.row("amount-spike").undecided());
    assertEquals(0.5, r.recall());
    assertEquals(2 / 3.0, r.precision(), 1e-9);
    assertEquals(3, r.legit());
    assertEquals(1 / 3.0, r.legitFlaggedShare(), 1e-9);
    assertEquals(1, r.repeats());
    assertEquals(List.of(3, 2, 1), List.copyOf(r.tiers().values()));
    assertFalse(r.meetsGoal());
  }

  @Test
  void aDecisionWithoutAKnownTierIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PaymentsEvaluation.parseDecision("{\"payment\":\"p-1\",\"tier\":\"maybe\"}"));
  }
}
