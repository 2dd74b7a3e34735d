package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.EventTimeOrderedFn;
import java.util.Comparator;

/**
 * Per merchant, in event-time order: the merchant's features as of each payment ({@link
 * MerchantFeatures#observe}), emitted with the payment at the payment's time, so the card's step
 * after it sees each payment once and never late. Ties go as in {@link ObserveCardsFn#ORDER}, so
 * the features do not depend on arrival order or runner.
 *
 * <p>Keyed by {@link #keyOf}: a payment without a merchant has no merchant features and is keyed by
 * its card, so such payments do not pile up on one key; it leaves no state.
 *
 * <p>State is the window only: {@link MerchantFeatures#WINDOW_MS} after a merchant's last payment
 * it is forgotten, which changes no feature (the next payment's window would drop it all anyway).
 */
final class ObserveMerchantsFn extends EventTimeOrderedFn<Event, MerchantFeatures, AtMerchant> {

  ObserveMerchantsFn(SettlingClock clock) {
    super(clock, EventCoder.of(), MerchantFeaturesCoder.of());
  }

  /** The step's key: "m/" and the merchant, or "c/" and the card for a payment without one. */
  static String keyOf(Event payment) {
    String merchant = Payment.of(payment).value().merchant();
    return merchant != null ? "m/" + merchant : "c/" + payment.subject();
  }

  @Override
  protected long timeOf(Event payment) {
    return payment.eventTimeMillis();
  }

  @Override
  protected Comparator<Event> order() {
    return ObserveCardsFn.ORDER;
  }

  @Override
  protected MerchantFeatures step(
      String key, MerchantFeatures state, Event event, Emitter<AtMerchant> out) {
    // The parser required a payment (Payment.EXTRACTOR), so this cannot be a rejection.
    Payment p = Payment.of(event).value();
    if (p.merchant() == null) {
      out.emit(new AtMerchant(event, null), event.eventTimeMillis());
      return state;
    }
    MerchantFeatures merchant = state == null ? new MerchantFeatures() : state;
    MerchantFeatures.Counts counts =
        MerchantFeatures.observe(merchant, event.eventTimeMillis(), p.card(), p.amount());
    out.emit(new AtMerchant(event, counts), event.eventTimeMillis());
    return merchant;
  }

  @Override
  protected long deadline(MerchantFeatures merchant) {
    return merchant.lastTime() + MerchantFeatures.WINDOW_MS;
  }

  @Override
  protected MerchantFeatures expire(
      String key, MerchantFeatures state, long deadline, Emitter<AtMerchant> out) {
    return null;
  }
}
