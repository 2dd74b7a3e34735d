package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.time.SettlingClock;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Scores each admitted payment against its card's recent past ({@link ScorePaymentsFn}): one
 * decision per payment, at the payment's event time.
 */
public final class ScorePayments
    extends PTransform<PCollection<Event>, PCollection<ScoredPayment>> {

  private final SettlingClock clock;
  private final RiskRules rules;
  private final Duration forgetAfter;

  /**
   * @param clock when a payment is final in event-time order: nothing earlier can still pass the
   *     gate
   * @param forgetAfter a card without payments this long is forgotten
   */
  public ScorePayments(SettlingClock clock, RiskRules rules, Duration forgetAfter) {
    this.clock = clock;
    this.rules = rules;
    this.forgetAfter = forgetAfter;
  }

  @Override
  public PCollection<ScoredPayment> expand(PCollection<Event> payments) {
    return payments
        .apply("KeyByCard", WithKeys.of(Event::subject).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
        .apply("ScorePerCard", ParDo.of(new ScorePaymentsFn(clock, rules, forgetAfter.getMillis())))
        .setCoder(SerializableCoder.of(ScoredPayment.class));
  }
}
