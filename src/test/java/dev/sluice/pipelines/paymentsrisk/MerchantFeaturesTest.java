package dev.sluice.pipelines.paymentsrisk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class MerchantFeaturesTest {

  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long MIN = 60_000;

  private static MerchantFeatures.Counts counts(int cards, int similar) {
    return new MerchantFeatures.Counts(cards, similar);
  }

  @Test
  void theWindowIsOpenAtItsStartAndIncludesThePaymentItself() {
    MerchantFeatures m = new MerchantFeatures();
    assertEquals(counts(1, 1), MerchantFeatures.observe(m, T0, "c1", 100));
    // Same millisecond, another card: both in (t - 30 min, t].
    assertEquals(counts(2, 2), MerchantFeatures.observe(m, T0, "c2", 100));
    // The same card again counts once.
    assertEquals(counts(2, 2), MerchantFeatures.observe(m, T0 + MIN, "c1", 100));
    // Exactly 30 min after T0: the two payments at T0 are out, c1's at T0 + 1 min is in.
    assertEquals(counts(2, 2), MerchantFeatures.observe(m, T0 + 30 * MIN, "c3", 100));
    assertEquals(2, m.recent.size());
    // A millisecond before the minute's payment leaves: c1, c3 and c4.
    assertEquals(counts(3, 3), MerchantFeatures.observe(m, T0 + 31 * MIN - 1, "c4", 100));
    assertEquals(counts(3, 3), MerchantFeatures.observe(m, T0 + 31 * MIN, "c5", 100));
  }

  @Test
  void aboutTheSameAmountIsWithinTenPercentOfThisPaymentInWholeCents() {
    MerchantFeatures m = new MerchantFeatures();
    MerchantFeatures.observe(m, T0, "a", 90.00); // exactly 10% below 100: in
    MerchantFeatures.observe(m, T0 + 1, "b", 110.00); // exactly 10% above 100: in
    MerchantFeatures.observe(m, T0 + 2, "c", 89.99); // just below: out
    MerchantFeatures.observe(m, T0 + 3, "d", 110.01); // just above: out
    assertEquals(counts(5, 3), MerchantFeatures.observe(m, T0 + 4, "e", 100.00));
    // Measured around this payment's amount, not the first one's: 99.00 is within 10% of 90.
    assertEquals(counts(6, 4), MerchantFeatures.observe(m, T0 + 5, "f", 99.00));
  }

  @Test
  void anEarlierPaymentCountsAsAtTheLastTimeAndTheWindowIsCapped() {
    MerchantFeatures m = new MerchantFeatures();
    MerchantFeatures.observe(m, T0 + 10 * MIN, "a", 5);
    MerchantFeatures.observe(m, T0, "b", 5);
    assertEquals(T0 + 10 * MIN, m.lastTime());
    assertEquals(T0 + 10 * MIN, m.recent.peekLast().time());

    MerchantFeatures busy = new MerchantFeatures();
    for (int i = 0; i < MerchantFeatures.MAX_RECENT + 10; i++) {
      MerchantFeatures.observe(busy, T0 + i, "c" + i, 20);
    }
    assertEquals(MerchantFeatures.MAX_RECENT, busy.recent.size());
    assertEquals(
        counts(MerchantFeatures.MAX_RECENT, MerchantFeatures.MAX_RECENT),
        MerchantFeatures.observe(busy, T0 + 20_000, "c0", 20));
  }

  @Test
  void theCoderKeepsEveryField() throws Exception {
    MerchantFeatures m = new MerchantFeatures();
    MerchantFeatures.observe(m, T0, "card-1", 12.34);
    MerchantFeatures.observe(m, T0 + MIN, "card-ü", 0.01);
    MerchantFeatures copy =
        CoderUtils.decodeFromByteArray(
            MerchantFeaturesCoder.of(),
            CoderUtils.encodeToByteArray(MerchantFeaturesCoder.of(), m));
    assertEquals(m, copy);
    assertEquals(
        List.of(
            new MerchantFeatures.Recent(T0, "card-1", 1234),
            new MerchantFeatures.Recent(T0 + MIN, "card-ü", 1)),
        copy.recent.stream().toList());
  }
}
