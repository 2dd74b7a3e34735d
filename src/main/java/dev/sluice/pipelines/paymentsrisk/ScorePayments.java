package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.rules.RuleChange;
import dev.sluice.time.SettlingClock;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Scores each admitted payment against its merchant's and its card's recent past: the merchant's
 * features per merchant in event-time order ({@link ObserveMerchantsFn}), then the card's per card
 * ({@link ObserveCardsFn}; it waits for event time to settle a second time, since the merchant step
 * holds the watermark at the payments it has not emitted yet), then the rules. {@link
 * PaymentsModel} is the same without Beam. With a fixed rule file that is a plain step; with a
 * rules topic, a step keyed by shard that knows every rule change and scores each payment by the
 * rules in force at its time ({@link ScoreByRulesFn}). One decision per payment, at the payment's
 * event time.
 */
public final class ScorePayments
    extends PTransform<PCollection<Event>, PCollection<ScoredPayment>> {

  /**
   * Where the rules come from.
   *
   * @param initial the rule file in force from the start
   * @param changes the accepted changes from a rules topic; null for none (the file's rules stay)
   * @param shards keyed shards of the scoring with a rules topic: each keeps the rule history
   */
  public record Rules(RiskRules initial, PCollection<RuleChange> changes, int shards) {}

  private final SettlingClock clock;
  private final Rules rules;
  private final Duration forgetAfter;

  /**
   * @param clock when a payment is final in event-time order: nothing earlier can still pass the
   *     gate
   * @param forgetAfter a card without payments this long is forgotten
   */
  public ScorePayments(SettlingClock clock, Rules rules, Duration forgetAfter) {
    this.clock = clock;
    this.rules = rules;
    this.forgetAfter = forgetAfter;
  }

  @Override
  public PCollection<ScoredPayment> expand(PCollection<Event> payments) {
    PCollection<Observed> observed =
        payments
            .apply(
                "KeyByMerchant",
                WithKeys.of(ObserveMerchantsFn::keyOf).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
            .apply("ObserveMerchants", ParDo.of(new ObserveMerchantsFn(clock)))
            .setCoder(AtMerchant.Coder.of())
            .apply(
                "KeyByCard",
                WithKeys.of((AtMerchant p) -> p.event().subject())
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AtMerchant.Coder.of()))
            .apply("ObserveCards", ParDo.of(new ObserveCardsFn(clock, forgetAfter.getMillis())))
            .setCoder(Observed.Coder.of());
    PCollection<ScoredPayment> scored =
        rules.changes() == null
            ? observed.apply("Score", ParDo.of(new ScoreFn(rules.initial())))
            : byRulesInForce(observed);
    return scored.setCoder(SerializableCoder.of(ScoredPayment.class));
  }

  private PCollection<ScoredPayment> byRulesInForce(PCollection<Observed> observed) {
    int n = rules.shards();
    TypeDescriptor<KV<String, ScoreInput>> type =
        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ScoreInput.class));
    KvCoder<String, ScoreInput> coder = KvCoder.of(StringUtf8Coder.of(), ScoreInput.Coder.of());
    PCollection<KV<String, ScoreInput>> changes =
        rules
            .changes()
            .apply(
                "ToEveryShard",
                FlatMapElements.into(type)
                    .via(
                        (RuleChange c) -> {
                          List<KV<String, ScoreInput>> all = new ArrayList<>();
                          for (int shard = 0; shard < n; shard++) {
                            all.add(KV.of(Integer.toString(shard), ScoreInput.of(c)));
                          }
                          return all;
                        }))
            .setCoder(coder);
    PCollection<KV<String, ScoreInput>> toScore =
        observed
            .apply(
                "KeyByShard",
                MapElements.into(type)
                    .via(
                        (Observed o) ->
                            KV.of(
                                Integer.toString(Math.floorMod(o.event().subject().hashCode(), n)),
                                ScoreInput.of(o))))
            .setCoder(coder);
    RiskRules initial = rules.initial();
    return PCollectionList.of(changes)
        .and(toScore)
        .apply("Merge", Flatten.pCollections())
        .apply(
            "ScoreByRulesInForce",
            ParDo.of(
                new ScoreByRulesFn(clock, RuleChange.initial(initial.version(), initial.text()))));
  }

  /** Scores by one rule file. */
  static final class ScoreFn extends DoFn<Observed, ScoredPayment> {
    private final RiskRules rules;
    private final Tally tally = new Tally();

    ScoreFn(RiskRules rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element Observed payment, OutputReceiver<ScoredPayment> out) {
      out.output(tally.count(payment.score(rules)));
    }
  }
}
