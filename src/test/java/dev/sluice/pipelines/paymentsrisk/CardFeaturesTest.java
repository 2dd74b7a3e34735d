package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class CardFeaturesTest {

  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long S = 1_000;

  @Test
  void theMinuteIsOpenAtItsStartAndIncludesThePaymentItself() {
    CardFeatures card = new CardFeatures();
    Features first = CardFeatures.observe(card, T0, 10, "FR");
    assertEquals(1, first.count1m());
    assertEquals(10, first.sum1m());
    assertNull(first.sincePreviousMs());
    assertNull(first.amountZ());
    assertEquals(1, first.payments());

    Features same = CardFeatures.observe(card, T0, 5, "FR");
    assertEquals(2, same.count1m()); // same millisecond: both in (t-1m, t]
    assertEquals(0L, same.sincePreviousMs());

    Features atEdge = CardFeatures.observe(card, T0 + 60 * S, 1, "FR");
    assertEquals(1, atEdge.count1m()); // exactly 60 s later: the first two are out of the minute
    assertEquals(3, atEdge.count1h());
    assertEquals(16, atEdge.sum1h());

    Features justInside = CardFeatures.observe(card, T0 + 60 * S + 59_999, 2, "FR");
    assertEquals(2, justInside.count1m());
    assertEquals(3, justInside.sum1m());
  }

  @Test
  void theHourEvictsByTimeAndCountsDistinctCountries() {
    CardFeatures card = new CardFeatures();
    CardFeatures.observe(card, T0, 10, "FR");
    CardFeatures.observe(card, T0 + 10 * 60 * S, 20, "DE");
    Features f = CardFeatures.observe(card, T0 + 3_600 * S - 1, 30, null);
    assertEquals(3, f.count1h());
    assertEquals(60, f.sum1h());
    assertEquals(2, f.countries1h());

    Features later = CardFeatures.observe(card, T0 + 3_600 * S, 40, "FR");
    assertEquals(3, later.count1h()); // the payment at T0 is exactly an hour old: out
    assertEquals(90, later.sum1h());
    assertEquals(2, later.countries1h());
    assertEquals(1L, later.sincePreviousMs());
    assertEquals(4, later.payments());
    assertTrue(card.recent.size() <= 3);
  }

  @Test
  void anEarlierPaymentCountsAsAtTheLastTime() {
    CardFeatures card = new CardFeatures();
    CardFeatures.observe(card, T0 + 120 * S, 10, "FR");
    Features f = CardFeatures.observe(card, T0, 10, "FR");
    assertEquals(0L, f.sincePreviousMs());
    assertEquals(2, f.count1m());
    assertEquals(T0 + 120 * S, card.lastTime());
  }

  @Test
  void theZScoreComparesWithThePastOnlyAndAHugeAmountDoesNotBecomeNormal() {
    CardFeatures card = new CardFeatures();
    double[] habit = {20, 25, 30, 22, 28, 35, 18, 26, 31, 24};
    for (int i = 0; i < habit.length; i++) {
      Features f = CardFeatures.observe(card, T0 + i * 3_600 * S, habit[i], "FR");
      assertEquals(i < CardFeatures.MIN_HISTORY, f.amountZ() == null);
    }
    Features spike = CardFeatures.observe(card, T0 + 11 * 3_600 * S, 1_000, "FR");
    assertNotNull(spike.amountZ());
    assertTrue(spike.amountZ() > 5, "z " + spike.amountZ());
    Features again = CardFeatures.observe(card, T0 + 12 * 3_600 * S, 1_000, "FR");
    assertTrue(again.amountZ() > 3, "one spike learned is clipped: z " + again.amountZ());
    Features usual = CardFeatures.observe(card, T0 + 13 * 3_600 * S, 25, "FR");
    assertTrue(Math.abs(usual.amountZ()) < 2, "z " + usual.amountZ());
  }

  @Test
  void theHourHoldsAtMostMaxRecentPayments() {
    CardFeatures card = new CardFeatures();
    Features f = null;
    for (int i = 0; i < CardFeatures.MAX_RECENT + 50; i++) {
      f = CardFeatures.observe(card, T0 + i, 1, "FR");
    }
    assertEquals(CardFeatures.MAX_RECENT, f.count1h());
    assertEquals(CardFeatures.MAX_RECENT + 50, f.payments());
  }

  @Test
  void theCoderRoundTripsEveryField() throws Exception {
    CardFeatures card = new CardFeatures();
    assertEquals(card, roundTrip(card));
    CardFeatures.observe(card, T0, 12.5, "FR");
    CardFeatures.observe(card, T0 + 5 * S, 7.25, null);
    CardFeatures.observe(card, T0 + 9 * S, 99.99, "DE");
    CardFeatures decoded = roundTrip(card);
    assertEquals(card, decoded);
    // the decoded state goes on exactly as the original
    assertEquals(
        CardFeatures.observe(card, T0 + 30 * S, 40, "ES"),
        CardFeatures.observe(decoded, T0 + 30 * S, 40, "ES"));
  }

  private static CardFeatures roundTrip(CardFeatures card) throws Exception {
    CardFeaturesCoder coder = CardFeaturesCoder.of();
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, card));
  }
}
