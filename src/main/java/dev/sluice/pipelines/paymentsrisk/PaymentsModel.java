package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.joda.time.Duration;

/**
 * payments-risk's scoring without Beam, as an audit or a quality test recomputes it from the
 * admitted payments: the merchant step per merchant in event-time order ({@link
 * ObserveMerchantsFn#replay}), then the card step per card ({@link ObserveCardsFn#replay}), then
 * the rules, exactly the machines the pipeline runs, deadlines included. Byte for byte the
 * decisions of {@link ScorePayments} with a fixed rule file, whatever the arrival order.
 */
public final class PaymentsModel {

  /** Replay takes no timers, so the clock only has to exist. */
  private static final SettlingClock CLOCK =
      new SettlingClock(new EventWindows(Duration.standardSeconds(10), Duration.ZERO));

  private PaymentsModel() {}

  /**
   * Each payment with its merchant's and card's features as of it, in {@link ObserveCardsFn#ORDER}
   * (time, id, source, data).
   *
   * @param admitted the payments the gate admitted (valid, repeats dropped, none late), any order
   * @param forgetAfterMillis a card without payments this long is forgotten (the pipeline's {@code
   *     --forgetCardsAfter})
   */
  public static List<Observed> observe(List<Event> admitted, long forgetAfterMillis) {
    ObserveMerchantsFn merchants = new ObserveMerchantsFn(CLOCK);
    List<AtMerchant> atMerchant = new ArrayList<>(admitted.size());
    for (Map.Entry<String, List<Event>> m : group(admitted, ObserveMerchantsFn::keyOf).entrySet()) {
      merchants.replay(m.getKey(), m.getValue(), Long.MAX_VALUE, (o, at) -> atMerchant.add(o));
    }
    ObserveCardsFn cards = new ObserveCardsFn(CLOCK, forgetAfterMillis);
    List<Observed> observed = new ArrayList<>(admitted.size());
    for (Map.Entry<String, List<AtMerchant>> c :
        group(atMerchant, (AtMerchant p) -> p.event().subject()).entrySet()) {
      cards.replay(c.getKey(), c.getValue(), Long.MAX_VALUE, (o, at) -> observed.add(o));
    }
    observed.sort((a, b) -> ObserveCardsFn.ORDER.compare(a.event(), b.event()));
    return observed;
  }

  /**
   * The decisions by one rule file, in {@link ObserveCardsFn#ORDER}: each with its tier and the
   * decision JSON the pipeline writes ({@link ScoredPayment#json()}).
   */
  public static List<ScoredPayment> decide(
      List<Event> admitted, RiskRules rules, long forgetAfterMillis) {
    List<ScoredPayment> decisions = new ArrayList<>(admitted.size());
    for (Observed o : observe(admitted, forgetAfterMillis)) {
      decisions.add(o.score(rules));
    }
    return decisions;
  }

  private static <V> Map<String, List<V>> group(List<V> values, Function<V, String> key) {
    Map<String, List<V>> byKey = new TreeMap<>();
    for (V v : values) {
      byKey.computeIfAbsent(key.apply(v), k -> new ArrayList<>()).add(v);
    }
    return byKey;
  }
}
