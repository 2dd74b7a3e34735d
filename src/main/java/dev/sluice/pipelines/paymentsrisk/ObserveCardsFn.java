package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.EventTimeOrderedFn;
import java.util.Comparator;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Per card, in event-time order: the card's features as of each payment ({@link
 * CardFeatures#observe}), joined to the merchant's features the step before computed ({@link
 * ObserveMerchantsFn}), emitted with the payment at the payment's time, so the scoring after it (by
 * a fixed rule file or by the rules in force at that time) sees each payment once and never late.
 * Ties at one millisecond go by id (then source, then data), so the features and the bytes do not
 * depend on arrival order or runner.
 *
 * <p>State is bounded twice. The windows need only the last hour: an hour after a card's last
 * payment its recent payments are dropped, which changes no feature (the next payment's windows
 * would drop them anyway). The amount habit (a mean and a variance, a few numbers) needs a card's
 * payments across days, since a typical card pays a few times a day: forgotten after an hour, it
 * would restart at nearly every payment and {@code amountZ} would stay absent for most. So the card
 * is forgotten only after {@code forgetAfter} without payments (7 days by default).
 */
final class ObserveCardsFn extends EventTimeOrderedFn<AtMerchant, CardFeatures, Observed> {

  static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::eventTimeMillis)
          .thenComparing(Event::id)
          .thenComparing(Event::source)
          .thenComparing(e -> String.valueOf(e.data()));

  private final long forgetAfterMillis;
  private final Counter forgotten = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.FORGOTTEN);

  ObserveCardsFn(SettlingClock clock, long forgetAfterMillis) {
    super(clock, AtMerchant.Coder.of(), CardFeaturesCoder.of());
    if (forgetAfterMillis <= 0) {
      throw new IllegalArgumentException("forgetAfter must be positive");
    }
    this.forgetAfterMillis = forgetAfterMillis;
  }

  @Override
  protected long timeOf(AtMerchant payment) {
    return payment.event().eventTimeMillis();
  }

  private static final Comparator<AtMerchant> BY_EVENT =
      Comparator.comparing(AtMerchant::event, ORDER);

  @Override
  protected Comparator<AtMerchant> order() {
    return BY_EVENT;
  }

  @Override
  protected CardFeatures step(
      String card, CardFeatures state, AtMerchant payment, Emitter<Observed> out) {
    Event event = payment.event();
    // The parser required a payment (Payment.EXTRACTOR), so this cannot be a rejection.
    Payment p = Payment.of(event).value();
    CardFeatures features = state == null ? new CardFeatures() : state;
    Features f =
        CardFeatures.observe(features, event.eventTimeMillis(), p.amount(), p.country())
            .withMerchant(payment.merchant());
    out.emit(new Observed(event, f), event.eventTimeMillis());
    return features;
  }

  @Override
  protected long deadline(CardFeatures card) {
    long windowsEnd = card.lastTime() + CardFeatures.HOUR_MS;
    long forgetAt = card.lastTime() + forgetAfterMillis;
    return !card.recent.isEmpty() && windowsEnd < forgetAt ? windowsEnd : forgetAt;
  }

  @Override
  protected CardFeatures expire(
      String card, CardFeatures state, long deadline, Emitter<Observed> out) {
    if (!state.recent.isEmpty() && deadline < state.lastTime() + forgetAfterMillis) {
      state.recent.clear();
      return state;
    }
    forgotten.inc();
    return null;
  }
}
