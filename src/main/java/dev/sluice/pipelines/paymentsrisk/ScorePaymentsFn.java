package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.EventTimeOrderedFn;
import java.util.Comparator;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Per card, in event-time order: the card's features as of each payment ({@link
 * CardFeatures#observe}), the rules' verdict on them, one decision per payment stamped with the
 * payment's time. Ties at one millisecond go by id (then source, then data), so the features and
 * the bytes do not depend on arrival order or runner.
 *
 * <p>State is bounded twice. The windows need only the last hour: an hour after a card's last
 * payment its recent payments are dropped, which changes no feature (the next payment's windows
 * would drop them anyway). The amount habit (a mean and a variance, a few numbers) needs a card's
 * payments across days, since a typical card pays a few times a day: forgotten after an hour, it
 * would restart at nearly every payment and {@code amountZ} would stay absent for most. So the card
 * is forgotten only after {@code forgetAfter} without payments (7 days by default).
 */
final class ScorePaymentsFn extends EventTimeOrderedFn<Event, CardFeatures, ScoredPayment> {

  static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::eventTimeMillis)
          .thenComparing(Event::id)
          .thenComparing(Event::source)
          .thenComparing(e -> String.valueOf(e.data()));

  private final RiskRules rules;
  private final long forgetAfterMillis;
  private final Counter scored = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.SCORED);
  private final Counter approved = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.APPROVED);
  private final Counter reviewed = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.REVIEWED);
  private final Counter blocked = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.BLOCKED);
  private final Counter forgotten = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.FORGOTTEN);

  ScorePaymentsFn(SettlingClock clock, RiskRules rules, long forgetAfterMillis) {
    super(clock, EventCoder.of(), CardFeaturesCoder.of());
    if (forgetAfterMillis <= 0) {
      throw new IllegalArgumentException("forgetAfter must be positive");
    }
    this.rules = rules;
    this.forgetAfterMillis = forgetAfterMillis;
  }

  @Override
  protected long timeOf(Event payment) {
    return payment.eventTimeMillis();
  }

  @Override
  protected Comparator<Event> order() {
    return ORDER;
  }

  @Override
  protected CardFeatures step(
      String card, CardFeatures state, Event event, Emitter<ScoredPayment> out) {
    // The parser required a payment (Payment.EXTRACTOR), so this cannot be a rejection.
    Payment p = Payment.of(event).value();
    CardFeatures features = state == null ? new CardFeatures() : state;
    Features f = CardFeatures.observe(features, event.eventTimeMillis(), p.amount(), p.country());
    Decision d = rules.score(event, f);
    scored.inc();
    (switch (d.tier()) {
          case APPROVE -> approved;
          case REVIEW -> reviewed;
          case BLOCK -> blocked;
        })
        .inc();
    out.emit(
        new ScoredPayment(
            card, p.merchant(), p.amount(), event.eventTimeMillis(), d.tier(), d.json(event, f)),
        event.eventTimeMillis());
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
      String card, CardFeatures state, long deadline, Emitter<ScoredPayment> out) {
    if (!state.recent.isEmpty() && deadline < state.lastTime() + forgetAfterMillis) {
      state.recent.clear();
      return state;
    }
    forgotten.inc();
    return null;
  }
}
