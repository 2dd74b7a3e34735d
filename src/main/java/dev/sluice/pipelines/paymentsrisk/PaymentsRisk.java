package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.rules.RuleChange;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.ParseEvents;
import java.io.Serializable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The business logic of payments-risk without any I/O: raw records in; one decision per payment on
 * exactly one of {@link #APPROVED}, {@link #REVIEW} or {@link #BLOCKED} (the decision JSON keyed by
 * card), hourly totals per merchant and per tier ({@link #TOTALS}), dead letters and late payments
 * out. Tests feed it a TestStream; the pipeline feeds it Kafka.
 *
 * <p>Steps: parse and validate ({@link Payment}), drop repeats and divert payments too late to be
 * scored in order, score per merchant and then per card in event-time order ({@link
 * ScorePayments}), split by tier, total in SQL ({@link TotalPayments}). With a rules topic, its
 * records are split off first and checked ({@link CheckRiskRulesFn}); refused ones join the dead
 * letters.
 */
public final class PaymentsRisk extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<KV<String, String>> APPROVED = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> REVIEW = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> BLOCKED = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> TOTALS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /**
   * The gate's grain: a payment is scored once event time has settled a grain past its window's
   * expiry, so the grain is part of a decision's latency; 10 s keeps it well under a minute.
   */
  static final Duration GRAIN = Duration.standardSeconds(10);

  /**
   * The gate in front of the scoring.
   *
   * @param deduplicate drop repeats of (source, id)
   * @param captureLate divert payments too late to be scored in order to the late output
   * @param shards keyed shards of the gate
   */
  public record Gate(boolean deduplicate, boolean captureLate, int shards)
      implements Serializable {}

  /**
   * Where the risk rules come from.
   *
   * @param initial the rule file in force from the start
   * @param topic the compacted topic of later rule files, each applying from its record's time;
   *     empty for none
   * @param shards keyed shards of the scoring with a rules topic (each keeps the rule history)
   */
  public record RulesSource(RiskRules initial, String topic, int shards) implements Serializable {
    public RulesSource {
      if (shards < 1) {
        throw new IllegalArgumentException("scoring shards must be >= 1");
      }
    }

    public static RulesSource fixed(RiskRules rules) {
      return new RulesSource(rules, "", 1);
    }
  }

  /**
   * What the pipeline computes.
   *
   * @param allowedLateness how far behind the watermark a payment may arrive and still be scored
   * @param forgetAfter a card without payments this long is forgotten (its amount habit too)
   */
  public record Settings(
      RulesSource rules,
      TotalPayments.Queries queries,
      Duration allowedLateness,
      Duration forgetAfter,
      Gate gate)
      implements Serializable {

    public EventWindows gateWindows() {
      return new EventWindows(GRAIN, allowedLateness);
    }

    public AdmitEvents.Settings admission() {
      return new AdmitEvents.Settings(
          gateWindows(),
          gate.deduplicate(),
          gate.captureLate(),
          gate.shards(),
          AdmitEvents.CLOCK_KEEP_ALIVE);
    }

    /** When a payment is final in event-time order: nothing earlier can still pass the gate. */
    public SettlingClock clock() {
      return new SettlingClock(gateWindows());
    }

    /** The totals' lateness: the gate's plus the grain the kit keeps for a restarted clock. */
    Duration totalsLateness() {
      return allowedLateness.plus(GRAIN);
    }
  }

  private final EventParser parser;
  private final Settings settings;
  private final RunnerTraits runner;

  /**
   * @param parser the envelope parser (the Kafka source should get {@code
   *     parser.requiring(Payment.EXTRACTOR)}, so it reuses the parse)
   */
  public PaymentsRisk(EventParser parser, Settings settings, RunnerTraits runner) {
    this.parser = parser;
    this.settings = settings;
    this.runner = runner;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    String rulesTopic = settings.rules().topic();
    PCollection<RuleChange> changes = null;
    PCollection<DeadLetter> refused = null;
    if (!rulesTopic.isBlank()) {
      PCollectionList<RawRecord> split =
          records.apply(
              "SplitRules",
              Partition.of(2, (RawRecord r, int n) -> r.topic().equals(rulesTopic) ? 1 : 0));
      records = split.get(0);
      PCollectionTuple checked =
          split
              .get(1)
              .apply(
                  "CheckRules",
                  ParDo.of(new CheckRiskRulesFn())
                      .withOutputTags(
                          CheckRiskRulesFn.ACCEPTED, TupleTagList.of(CheckRiskRulesFn.REFUSED)));
      changes =
          checked.get(CheckRiskRulesFn.ACCEPTED).setCoder(SerializableCoder.of(RuleChange.class));
      refused = checked.get(CheckRiskRulesFn.REFUSED);
    }
    PCollectionTuple parsed =
        records.apply("ParseEvents", new ParseEvents(parser, Payment.EXTRACTOR));
    PCollectionTuple admitted =
        parsed
            .get(ParseEvents.VALID)
            .apply("AdmitEvents", new AdmitEvents(settings.admission(), runner));
    PCollection<ScoredPayment> decisions =
        admitted
            .get(AdmitEvents.ADMITTED)
            .apply(
                "ScorePayments",
                new ScorePayments(
                    settings.clock(),
                    new ScorePayments.Rules(
                        settings.rules().initial(), changes, settings.rules().shards()),
                    settings.forgetAfter()));
    PCollectionList<ScoredPayment> byTier =
        decisions.apply(
            "SplitByTier",
            Partition.of(Tier.values().length, (ScoredPayment p, int n) -> p.tier().ordinal()));
    PCollection<KV<String, String>> totals =
        decisions.apply(
            "TotalPayments", new TotalPayments(settings.queries(), settings.totalsLateness()));
    return PCollectionTuple.of(APPROVED, json(byTier, Tier.APPROVE))
        .and(REVIEW, json(byTier, Tier.REVIEW))
        .and(BLOCKED, json(byTier, Tier.BLOCK))
        .and(TOTALS, totals)
        .and(DEAD_LETTERS, deadLetters(parsed.get(ParseEvents.INVALID), refused))
        .and(LATE, admitted.get(AdmitEvents.LATE));
  }

  private static PCollection<DeadLetter> deadLetters(
      PCollection<DeadLetter> invalid, PCollection<DeadLetter> refusedRules) {
    return refusedRules == null
        ? invalid
        : PCollectionList.of(invalid)
            .and(refusedRules)
            .apply("DeadLetters", Flatten.pCollections());
  }

  private static PCollection<KV<String, String>> json(
      PCollectionList<ScoredPayment> byTier, Tier tier) {
    String name = tier.label().substring(0, 1).toUpperCase() + tier.label().substring(1);
    return byTier
        .get(tier.ordinal())
        .apply(
            name + "Json",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((ScoredPayment p) -> KV.of(p.card(), p.json())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }
}
