package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.pipelines.paymentsrisk.PaymentsRiskTestStreamBase.Pay;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaymentsModelTest {

  private static final long WEEK = 7 * 86_400_000L;

  /** Five cards charged about 700 at m-9 within minutes; card-x pays its usual 20 there too. */
  static final List<Pay> ATTACK =
      List.of(
          new Pay("x-1", "card-x", 0, "20.00", "m-9", "pos"),
          new Pay("a-1", "card-a", 60, "700.00", "m-9", "web"),
          new Pay("b-1", "card-b", 120, "690.00", "m-9", "web"),
          new Pay("c-1", "card-c", 120, "720.00", "m-9", "web"),
          new Pay("a-2", "card-a", 300, "705.00", "m-9", "web"),
          new Pay("d-1", "card-d", 600, "650.00", "m-9", "web"),
          new Pay("e-1", "card-e", 1900, "700.00", "m-9", "web"),
          new Pay("a-3", "card-a", 400, "700.00", "m-1", "web"));

  static String line(Observed o) {
    Features f = o.features();
    return o.event().id()
        + " cards="
        + f.merchantCards30m()
        + " similar="
        + f.merchantSimilarAmount30m()
        + " payments="
        + f.payments();
  }

  @Test
  void merchantFeaturesPerMerchantThenCardFeaturesPerCardInEventTimeOrder() {
    List<String> observed =
        PaymentsModel.observe(ATTACK.stream().map(Pay::event).toList(), WEEK).stream()
            .map(PaymentsModelTest::line)
            .toList();
    assertEquals(
        List.of(
            "x-1 cards=1 similar=1 payments=1",
            "a-1 cards=2 similar=1 payments=1",
            // b-1 and c-1 share a millisecond: by id, b-1 first, c-1 sees it.
            "b-1 cards=3 similar=2 payments=1",
            "c-1 cards=4 similar=3 payments=1",
            "a-2 cards=4 similar=3 payments=2",
            // Another merchant: its own window.
            "a-3 cards=1 similar=1 payments=3",
            // 650 is within 10% of 690, 700 and 705, not of 720.
            "d-1 cards=5 similar=3 payments=1",
            // 30 min 40 s after x-1, 29 min 40 s after a-1: x-1 is out, the rest in.
            "e-1 cards=5 similar=5 payments=1"),
        observed);
  }

  @Test
  void theDecisionsDoNotDependOnTheInputOrder() {
    List<Pay> shuffled = new ArrayList<>(ATTACK);
    Collections.shuffle(shuffled, new Random(3));
    RiskRules rules = RiskRules.fromClasspath();
    assertEquals(
        PaymentsModel.decide(ATTACK.stream().map(Pay::event).toList(), rules, WEEK),
        PaymentsModel.decide(shuffled.stream().map(Pay::event).toList(), rules, WEEK));
  }
}
