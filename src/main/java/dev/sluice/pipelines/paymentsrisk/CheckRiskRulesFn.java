package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.RawRecord;
import dev.sluice.rules.InvalidRules;
import dev.sluice.rules.RuleChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each record of the rules topic once, before it is sent to every scoring shard: a rule file
 * that does not parse is refused, logged, counted and kept as a dead letter; the rules in force
 * stay. An accepted one applies from its record's timestamp, or from its element's time when it was
 * read behind the watermark (the source stamps it no earlier), since payments before that may
 * already have been scored.
 */
final class CheckRiskRulesFn extends DoFn<RawRecord, RuleChange> {

  static final TupleTag<RuleChange> ACCEPTED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> REFUSED = new TupleTag<>() {};
  static final String STAGE = "rules";
  private static final Logger LOG = LoggerFactory.getLogger(CheckRiskRulesFn.class);

  private final Counter refused = Metrics.counter(RiskMetrics.NAMESPACE, RiskMetrics.RULES_REFUSED);

  @ProcessElement
  public void process(
      @Element RawRecord record,
      @Timestamp org.joda.time.Instant timestamp,
      MultiOutputReceiver out) {
    String reason;
    if (record.value() == null || record.value().length == 0) {
      reason = "empty rules record";
    } else {
      String text = new String(record.value(), StandardCharsets.UTF_8);
      try {
        RiskRules rules = RiskRules.parse(text);
        long from = Math.max(record.kafkaTimestamp(), timestamp.getMillis());
        out.get(ACCEPTED).output(new RuleChange(rules.version(), from, text));
        return;
      } catch (InvalidRules e) {
        reason = e.getMessage();
      }
    }
    refused.inc();
    LOG.warn(
        "payments-risk: rules at {}/{}@{} refused, the rules in force stay: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    out.get(REFUSED)
        .output(new DeadLetter(record, "risk rules refused: " + reason, STAGE, Instant.now()));
  }
}
