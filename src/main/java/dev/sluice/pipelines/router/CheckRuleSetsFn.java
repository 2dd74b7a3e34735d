package dev.sluice.pipelines.router;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.RawRecord;
import dev.sluice.rules.InvalidRules;
import dev.sluice.rules.RuleChange;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each record of the rules topic once, before it is sent to every shard: a rule set that
 * does not parse or sends to a topic this job does not write is refused, logged, counted and kept
 * as a dead letter; the rule set in force stays.
 */
final class CheckRuleSetsFn extends DoFn<RawRecord, RuleChange> {

  static final TupleTag<RuleChange> ACCEPTED = new TupleTag<>() {};
  static final TupleTag<DeadLetter> REFUSED = new TupleTag<>() {};
  static final String STAGE = "rules";
  private static final Logger LOG = LoggerFactory.getLogger(CheckRuleSetsFn.class);

  private final TreeSet<String> outputs;
  private final Counter refused = Metrics.counter(SluiceMetrics.NAMESPACE, RouterMetrics.REFUSED);

  CheckRuleSetsFn(Set<String> outputs) {
    this.outputs = new TreeSet<>(outputs);
  }

  @ProcessElement
  public void process(@Element RawRecord record, MultiOutputReceiver out) {
    String reason;
    if (record.value() == null || record.value().length == 0) {
      reason = "empty rules record";
    } else {
      try {
        RuleSet rules =
            RuleSet.parse(new String(record.value(), StandardCharsets.UTF_8))
                .requireTopicsWithin(outputs);
        out.get(ACCEPTED)
            .output(new RuleChange(rules.version(), record.kafkaTimestamp(), rules.text()));
        return;
      } catch (InvalidRules e) {
        reason = e.getMessage();
      }
    }
    refused.inc();
    LOG.warn(
        "router: rule set at {}/{}@{} refused, the rules in force stay: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    out.get(REFUSED)
        .output(new DeadLetter(record, "rule set refused: " + reason, STAGE, Instant.now()));
  }
}
