package dev.sluice.pipelines.router;

import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.rules.EventFields;
import dev.sluice.rules.RuleChange;
import dev.sluice.rules.RuleHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Recomputes in plain Java where every input event should have gone, by the rule set in force at
 * its time (the startup rules, then each accepted record of the rules topic from its timestamp),
 * and compares with the copies on the output topics, counted by origin (topic/partition/offset).
 * Events the input's own watermark has not yet passed are left out, so a running job can be
 * audited.
 */
final class RouterAudit {

  private final EventParser parser;
  private final RouteEvents.Settings settings;
  private final Duration maxOutOfOrderness;

  RouterAudit(EventParser parser, RouteEvents.Settings settings, Duration maxOutOfOrderness) {
    this.parser = parser;
    this.settings = settings;
    this.maxOutOfOrderness = maxOutOfOrderness;
  }

  RouterReport run(String servers, List<String> inputs, String deadLetters) {
    RuleHistory history = RuleHistory.startingWith(settings.initial().asInitial());
    long refusedRecords = 0;
    if (!settings.rulesTopic().isBlank()) {
      List<RulesTopic.Entry> entries =
          RulesTopic.read(servers, settings.rulesTopic(), new TreeSet<>(settings.outputs()));
      history = RulesTopic.history(settings, entries, Long.MAX_VALUE);
      // The job dead-letters these; a stale version is only counted.
      refusedRecords = entries.stream().filter(e -> !e.valid()).count();
    }
    Map<String, Long> maxTime = new HashMap<>();
    Map<String, Long> eventTime = new HashMap<>();
    Map<String, Set<String>> expected = new HashMap<>();
    Map<String, Long> expectedVersion = new HashMap<>();
    long records = 0, invalid = 0;
    Map<Long, RuleSet> parsed = new HashMap<>();
    for (String input : inputs) {
      for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(servers, input)) {
        records++;
        ParseResult result = parser.parse(KafkaRecords.toRaw(r));
        if (!result.isValid()) {
          invalid++;
          continue;
        }
        String origin = r.topic() + "/" + r.partition() + "/" + r.offset();
        long t = result.event().eventTimeMillis();
        maxTime.merge(r.topic() + "/" + r.partition(), t, Math::max);
        RuleChange change = history.at(t);
        RuleSet rules = parsed.computeIfAbsent(change.version(), v -> RuleSet.parse(change.text()));
        eventTime.put(origin, t);
        expected.put(origin, new HashSet<>(rules.route(new EventFields(result.event()))));
        expectedVersion.put(origin, change.version());
      }
    }
    long horizon =
        maxTime.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
    horizon = horizon == Long.MIN_VALUE ? horizon : horizon - maxOutOfOrderness.toMillis();

    Map<String, Integer> copies = new HashMap<>();
    long misrouted = 0;
    for (String topic : settings.outputs()) {
      for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(servers, topic)) {
        String origin = header(r, LateEvent.ORIGIN_HEADER);
        String version = header(r, RouteByRulesFn.VERSION_HEADER);
        Set<String> want = expected.get(origin);
        if (want == null
            || !want.contains(topic)
            || !String.valueOf(expectedVersion.get(origin)).equals(version)) {
          misrouted++;
          continue;
        }
        copies.merge(origin + "|" + topic, 1, Integer::sum);
      }
    }
    long pending = 0, checked = 0, lost = 0, repeated = 0;
    for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
      long due = RouteByRulesFn.dueAt(eventTime.get(e.getKey()));
      if (due > horizon) {
        pending++;
        continue;
      }
      checked++;
      for (String topic : e.getValue()) {
        int n = copies.getOrDefault(e.getKey() + "|" + topic, 0);
        lost += n == 0 ? 1 : 0;
        repeated += Math.max(0, n - 1);
      }
    }
    long dead = TopicSnapshot.readAllBytes(servers, deadLetters).size();
    return new RouterReport(
        records,
        records - invalid,
        invalid,
        pending,
        checked,
        lost,
        repeated,
        misrouted,
        invalid + refusedRecords,
        dead);
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
