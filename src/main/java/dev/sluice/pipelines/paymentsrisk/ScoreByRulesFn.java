package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.rules.RuleChange;
import dev.sluice.rules.RuleHistory;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.EventTimeOrderedFn;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one shard's payments by the risk rules in force at each payment's time, as the router
 * routes: every shard receives every accepted rule change and keeps the history ({@link
 * RuleHistory}); changes and payments are taken in event-time order once event time has settled, so
 * a change published before a payment's time has reached the shard (the rules topic holds the
 * watermark while it has unread records) and a replay scores exactly as the live run did.
 */
final class ScoreByRulesFn extends EventTimeOrderedFn<ScoreInput, RuleHistory, ScoredPayment> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreByRulesFn.class);

  /** The shard that logs and counts for all: each receives every change. */
  static final String SPEAKER = "0";

  private final RuleChange initial;
  private final Tally tally = new Tally();
  private final Counter applied = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.RULES_APPLIED);
  private final Counter refused = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.RULES_REFUSED);
  private transient Map<Long, RiskRules> parsed;

  /**
   * @param initial the startup rule file, in force until a change applies
   */
  ScoreByRulesFn(SettlingClock clock, RuleChange initial) {
    super(clock, ScoreInput.Coder.of(), SerializableCoder.of(RuleHistory.class));
    this.initial = initial;
  }

  @Override
  protected long timeOf(ScoreInput input) {
    return input.time();
  }

  @Override
  protected Comparator<ScoreInput> order() {
    return ScoreInput.ORDER;
  }

  @Override
  protected RuleHistory step(
      String shard, RuleHistory state, ScoreInput input, Emitter<ScoredPayment> out) {
    RuleHistory history = state == null ? RuleHistory.startingWith(initial) : state;
    if (input.change() == null) {
      Observed p = input.payment();
      RuleChange inForce = history.at(p.event().eventTimeMillis());
      out.emit(tally.count(p.score(rules(inForce))), p.event().eventTimeMillis());
      return history;
    }
    RuleChange change = input.change();
    if (history.knows(change.version())) {
      return history; // the same record again (a restart re-reading the topic)
    }
    boolean speaker = SPEAKER.equals(shard);
    if (change.version() <= history.latestVersion()) {
      if (speaker) {
        refused.inc();
        LOG.warn(
            "payments-risk: rules version {} refused: not newer than version {} already in force",
            change.version(),
            history.latestVersion());
      }
      return history;
    }
    if (speaker) {
      applied.inc();
      LOG.info(
          "payments-risk: rules version {} apply to payments from {}",
          change.version(),
          new Instant(change.effectiveFrom()));
    }
    return history.with(change);
  }

  /** The history is the shard's for the job's life: no deadline. */
  @Override
  protected long deadline(RuleHistory state) {
    return Long.MAX_VALUE;
  }

  @Override
  protected RuleHistory expire(
      String shard, RuleHistory state, long deadline, Emitter<ScoredPayment> out) {
    return state;
  }

  private RiskRules rules(RuleChange change) {
    if (parsed == null) {
      parsed = new HashMap<>();
    }
    return parsed.computeIfAbsent(change.version(), v -> RiskRules.parse(change.text()));
  }
}
