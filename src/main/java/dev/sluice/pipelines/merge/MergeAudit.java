package dev.sluice.pipelines.merge;

import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.OutputLedger;
import dev.sluice.time.SettlingClock;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Recomputes a merge from its inputs: every admitted event must be on the output exactly once and
 * byte for byte, once event time has settled past it by the inputs' own watermark; and on the
 * output, in offset order, each key's events must follow {@link ReleaseInOrderFn#ORDER}.
 */
final class MergeAudit {

  private final EventParser parser;
  private final SettlingClock clock;

  MergeAudit(EventParser parser, SettlingClock clock) {
    this.parser = parser;
    this.clock = clock;
  }

  MergeReport run(AuditedInput input, List<ConsumerRecord<byte[], byte[]>> output) {
    OutputLedger ledger = new OutputLedger();
    for (Event e : input.admitted()) {
      ledger.expect(e.identity(), text(e.origin().value()), e.eventTimeMillis());
    }
    Map<String, Event> lastOfKey = new HashMap<>();
    long outOfOrder = 0;
    // The snapshot holds each partition in offset order, and a key lives in one partition.
    for (ConsumerRecord<byte[], byte[]> r : output) {
      ParseResult parsed = parser.parse(KafkaRecords.toRaw(r));
      if (!parsed.isValid()) {
        ledger.written("unparseable " + r.partition() + "/" + r.offset(), "", 0);
        continue;
      }
      Event e = parsed.event();
      ledger.written(e.identity(), text(r.value()), e.eventTimeMillis());
      Event before = lastOfKey.put(e.key(), e);
      if (before != null && ReleaseInOrderFn.ORDER.compare(before, e) > 0) {
        outOfOrder++;
      }
    }
    long horizon = input.horizon();
    return new MergeReport(
        input.records(),
        input.invalid(),
        input.deadLetters(),
        input.deadLettersMissing(),
        input.diversionsRepeated(),
        input.admitted().size(),
        ledger.tally(t -> clock.settledAt(t) <= horizon),
        lastOfKey.size(),
        outOfOrder);
  }

  MergeReport run(MergePipeline.Options o) {
    return run(
        AuditedInput.read(o, parser),
        TopicSnapshot.readAllBytes(o.getBootstrapServers(), o.getOutputTopic()));
  }

  private static String text(byte[] value) {
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }
}
