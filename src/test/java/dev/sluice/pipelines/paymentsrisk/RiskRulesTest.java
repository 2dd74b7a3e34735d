package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.Event;
import dev.sluice.rules.InvalidRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskRulesTest {

  private static final long T0 = 1_767_261_600_000L; // 2026-01-01T10:00:00Z

  static final String RULES =
      """
      version: 2
      tiers: {review: 40, block: 80}
      rules:
        - name: burst
          weight: 50
          when: {field: features.count1m, range: {min: 3}}
        - name: tiny
          weight: 40
          when: {field: data.amount, range: {max: 2}}
        - name: at-the-till
          weight: -20
          when: {field: data.channel, equals: pos}
      """;

  private static Features features(int count1m) {
    return new Features(count1m, 3, count1m, 3, 1, -2.5, 1_000L, 10);
  }

  @Test
  void theScoreIsTheSumOfTheFiredWeightsAndTheTierFollowsTheThresholds() {
    RiskRules rules = RiskRules.parse(RULES);
    assertEquals(2, rules.version());
    Event webTiny = TestPayments.event("p-1", "c-1", T0, "1.00", "FR", "web");
    assertEquals(
        new Decision(90, Tier.BLOCK, List.of("burst", "tiny")), rules.score(webTiny, features(3)));
    assertEquals(new Decision(40, Tier.REVIEW, List.of("tiny")), rules.score(webTiny, features(1)));
    Event posTiny = TestPayments.event("p-2", "c-1", T0, "1.5", "FR", "pos");
    assertEquals(
        new Decision(20, Tier.APPROVE, List.of("tiny", "at-the-till")),
        rules.score(posTiny, features(1)));
    Event big = TestPayments.event("p-3", "c-1", T0, "300", "FR", "web");
    assertEquals(new Decision(0, Tier.APPROVE, List.of()), rules.score(big, features(1)));
  }

  @Test
  void theShippedRuleFileParses() {
    RiskRules rules = RiskRules.fromClasspath();
    assertTrue(rules.rules().size() >= 3);
  }

  @Test
  void theDecisionJsonIsFixedInOrderAndFormat() {
    Event e = TestPayments.event("p-9", "c-7", T0, "12.5", "FR", "web");
    Features f = new Features(3, 4.5, 5, 80, 1, -3.12549, 20_000L, 41, 4, 1);
    Decision d = new Decision(60, Tier.REVIEW, List.of("burst"));
    String expected =
        "{\"payment\":\"p-9\",\"card\":\"c-7\",\"time\":\"2026-01-01T10:00:00Z\",\"amount\":12.50,"
            + "\"currency\":\"EUR\",\"merchant\":\"m-12\",\"country\":\"FR\",\"channel\":\"web\","
            + "\"score\":60,\"tier\":\"review\",\"rules\":[\"burst\"],\"features\":{\"count1m\":3,"
            + "\"sum1m\":4.50,\"count1h\":5,\"sum1h\":80.00,\"countries1h\":1,\"amountZ\":-3.125,"
            + "\"sincePreviousMs\":20000,\"payments\":41,\"merchantCards30m\":4,"
            + "\"merchantSimilarAmount30m\":1,\"merchantSimilarShare30m\":0.250}}";
    assertEquals(expected, d.json(e, f));
    Features first = new Features(1, 1e7, 1, 1e7, 1, null, null, 1);
    String json = new Decision(0, Tier.APPROVE, List.of()).json(e, first);
    assertTrue(json.contains("\"sum1m\":10000000.00"), json);
    assertTrue(json.contains("\"amountZ\":null,\"sincePreviousMs\":null"), json);
    assertTrue(
        json.endsWith(
            "\"merchantCards30m\":null,\"merchantSimilarAmount30m\":null,\"merchantSimilarShare30m\":null}}"),
        json);
  }

  @Test
  void merchantFeaturesAreRuleFieldsAbsentWithoutAMerchant() {
    RiskRules rules =
        RiskRules.parse(
            "version: 1\ntiers: {review: 40, block: 80}\nrules:\n"
                + "  - name: same-amount\n    weight: 50\n"
                + "    when: {field: features.merchantSimilarAmount30m, range: {min: 3}}\n"
                + "  - name: no-merchant\n    weight: 10\n"
                + "    when: {not: {field: features.merchantCards30m, exists: true}}\n");
    Event e = TestPayments.event("p-9", "c-7", T0, "700", "FR", "web");
    Features card = new Features(1, 700, 1, 700, 1, 2.0, 60_000L, 12);
    assertEquals(
        List.of("same-amount"),
        rules.score(e, card.withMerchant(new MerchantFeatures.Counts(5, 3))).firedRules());
    assertEquals(
        List.of(),
        rules.score(e, card.withMerchant(new MerchantFeatures.Counts(5, 2))).firedRules());
    assertEquals(List.of("no-merchant"), rules.score(e, card.withMerchant(null)).firedRules());
  }

  @Test
  void mistakesAreRefusedNamingTheRule() {
    assertError("rule 'burst': unknown feature 'features.count1min'", rule("features.count1min"));
    assertError(
        "rule 'burst': weight must be a whole number", RULES.replace("weight: 50", "weight: high"));
    assertError("rule 'burst': unknown key 'wieght'", RULES.replace("weight: 50", "wieght: 50"));
    assertError("two rules are named 'tiny'", RULES.replace("name: burst", "name: tiny"));
    assertError(
        "tiers: need 1 <= review < block, got review 90, block 80",
        RULES.replace("review: 40", "review: 90"));
    assertError("tiers: unknown key 'approve'", RULES.replace("review: 40", "approve: 40"));
    assertError("rule 'tiny': 'range' needs min, max or both", RULES.replace("max: 2", ""));
    assertError("rule 2 needs a name", RULES.replace("name: tiny", "name: ''"));
    assertError("rules must be a non-empty list", "version: 1\ntiers: {review: 1, block: 2}\n");
    assertError("version must be a whole number, at least 1", RULES.replace("version: 2", ""));
  }

  private static String rule(String field) {
    return RULES.replace("features.count1m", field);
  }

  private static void assertError(String expected, String text) {
    InvalidRules e = assertThrows(InvalidRules.class, () -> RiskRules.parse(text));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
