package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.time.EventWindows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Checks what a windowed-aggregate job committed against its input, computed here from scratch in
 * plain Java: every invalid record has one dead letter, every accepted event is counted by exactly
 * one final window, nothing is committed twice. The late topic is taken as the job's claim of which
 * events came too late (that depends on arrival order); the audit checks each of those is a real,
 * valid input event named once.
 *
 * <p>Fixed and sliding windows are recomputed from each event's windows; sessions by replaying
 * Beam's merge rule (see {@link ExpectedWindows}). Results are compared per (key, start, end),
 * leaving out sessions superseded by a later merge ({@link WindowResult#finalPanes}).
 *
 * <p>A window's final pane is its largest count (panes accumulate): after a restart that re-read
 * the input from the beginning (Direct, embedded Flink) the rerun's panes repeat pane indexes of
 * the first run, counted as {@code panesRepeated}, and the rerun's complete pane is the one
 * checked.
 *
 * <p>Only windows that are final by the input's own watermark (lowest over partitions of the
 * largest event time minus the out-of-orderness bound, past window end plus allowed lateness) are
 * checked, so a still-running job can be audited.
 */
public final class WindowedAggregateAudit {

  private final EventParser parser;
  private final ReadingExtractor reading;
  private final EventWindows windows;
  private final Duration maxOutOfOrderness;
  private final boolean userQuery;

  /**
   * @param parser the envelope parser; the audit adds the reading check, as the job does
   */
  public WindowedAggregateAudit(
      EventParser parser,
      ReadingExtractor reading,
      EventWindows windows,
      Duration maxOutOfOrderness) {
    this.parser = parser.requiring(reading);
    this.reading = reading;
    this.windows = windows;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.userQuery = false;
  }

  private WindowedAggregateAudit(WindowedAggregateAudit audit, boolean userQuery) {
    this.parser = audit.parser;
    this.reading = audit.reading;
    this.windows = audit.windows;
    this.maxOutOfOrderness = audit.maxOutOfOrderness;
    this.userQuery = userQuery;
  }

  /**
   * For a job running a user query ({@code --sql}): its results have no count to check, so a final
   * window counts as complete when it has a result and there are events for it; values are the
   * query's own and not checked. Dead letters, late events and repeated panes are checked as ever.
   */
  public WindowedAggregateAudit forUserQuery() {
    return new WindowedAggregateAudit(this, true);
  }

  /** Reads the four topics to their ends (read_committed) and audits them. */
  public WindowedAggregateReport run(
      String bootstrap, String input, String results, String deadLetters, String late) {
    return audit(
        TopicSnapshot.readAllBytes(bootstrap, input),
        TopicSnapshot.values(bootstrap, results),
        TopicSnapshot.readAllBytes(bootstrap, deadLetters),
        late == null || late.isBlank() ? List.of() : TopicSnapshot.readAll(bootstrap, late));
  }

  public WindowedAggregateReport audit(
      List<ConsumerRecord<byte[], byte[]>> input,
      List<String> resultJson,
      List<ConsumerRecord<byte[], byte[]>> deadLetters,
      List<ConsumerRecord<String, String>> lateRecords) {
    Map<String, Event> valid = new HashMap<>();
    Set<String> invalid = new HashSet<>();
    Map<Integer, Long> maxTimeByPartition = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : input) {
      ParseResult parsed = parser.parse(KafkaRecords.toRaw(r));
      String origin = r.partition() + "/" + r.offset();
      if (parsed.isValid()) {
        valid.put(origin, parsed.event());
        maxTimeByPartition.merge(r.partition(), parsed.event().eventTimeMillis(), Math::max);
      } else {
        invalid.add(origin);
      }
    }
    long horizon =
        maxTimeByPartition.values().stream()
            .mapToLong(Long::longValue)
            .min()
            .orElse(Long.MIN_VALUE);
    horizon = horizon == Long.MIN_VALUE ? horizon : horizon - maxOutOfOrderness.toMillis();

    Map<String, Integer> deadLetterCount = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
      deadLetterCount.merge(deadLetterOrigin(d), 1, Integer::sum);
    }
    long deadMissing = invalid.stream().filter(o -> !deadLetterCount.containsKey(o)).count();
    long deadRepeated =
        deadLetterCount.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();

    Map<String, Integer> lateCount = new HashMap<>();
    for (ConsumerRecord<String, String> r : lateRecords) {
      Header h = r.headers().lastHeader(LateEvent.ORIGIN_HEADER);
      String[] origin =
          h == null
              ? new String[] {"?", "?", "?"}
              : new String(h.value(), StandardCharsets.UTF_8).split("/");
      lateCount.merge(origin[origin.length - 2] + "/" + origin[origin.length - 1], 1, Integer::sum);
    }
    long lateRepeated = lateCount.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    long lateNotValid = lateCount.keySet().stream().filter(o -> !valid.containsKey(o)).count();

    // Expected: per key and window, the distinct (source, id) among valid events not diverted late.
    List<Event> admitted = new ArrayList<>();
    valid.forEach(
        (origin, e) -> {
          if (!lateCount.containsKey(origin)) {
            admitted.add(e);
          }
        });
    Map<String, Map<String, Double>> expected = ExpectedWindows.of(windows, admitted, reading);

    List<WindowPane> results = new ArrayList<>();
    for (String json : resultJson) {
      results.add(userQuery ? QueryResult.fromJson(json) : WindowResult.fromJson(json));
    }
    // Panes accumulate, so a window's count only grows within a run. A run on a runner without
    // durable state starts over from the earliest offset after a restart and numbers its panes
    // from 0 again: the largest count is the latest word, whatever its pane index.
    Map<String, WindowPane> finalPanes =
        userQuery
            ? WindowPane.finalPanes(results)
            : WindowPane.finalPanes(
                results,
                java.util.Comparator.comparingLong((WindowPane p) -> ((WindowResult) p).count())
                    .thenComparingLong(WindowPane::paneIndex));
    Set<String> panes = new HashSet<>();
    long panesRepeated = 0;
    for (WindowPane r : results) {
      if (!panes.add(WindowPane.windowId(r) + "|" + r.paneIndex())) {
        panesRepeated++;
      }
    }

    Set<String> all = new HashSet<>(expected.keySet());
    all.addAll(finalPanes.keySet());
    long checked = 0, open = 0, counted = 0, lost = 0, twice = 0, mismatches = 0;
    for (String w : all) {
      String[] parts = w.split("\\|");
      long start = Long.parseLong(parts[parts.length - 2]);
      long end = Long.parseLong(parts[parts.length - 1]);
      if (ExpectedWindows.changesUntil(windows, start, end) >= horizon) {
        open++;
        continue;
      }
      checked++;
      Map<String, Double> events = expected.getOrDefault(w, Map.of());
      WindowPane pane = finalPanes.get(w);
      if (userQuery) {
        // Present or not; a pane without events counts as one event too many.
        counted += pane == null ? 0 : events.size();
        lost += pane == null ? events.size() : 0;
        twice += pane != null && events.isEmpty() ? 1 : 0;
        continue;
      }
      WindowResult result = (WindowResult) pane;
      long actual = result == null ? 0 : result.count();
      counted += actual;
      lost += Math.max(0, events.size() - actual);
      twice += Math.max(0, actual - events.size());
      if (actual == events.size() && actual > 0 && !sameValues(events.values(), result)) {
        mismatches++;
      }
    }
    return new WindowedAggregateReport(
        input.size(),
        valid.size(),
        invalid.size(),
        deadLetters.size(),
        lateRecords.size(),
        checked,
        open,
        counted,
        lost,
        twice,
        mismatches,
        panesRepeated,
        deadMissing,
        deadRepeated,
        lateRepeated,
        lateNotValid,
        userQuery);
  }

  private static boolean sameValues(Iterable<Double> values, WindowResult r) {
    double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return Math.abs(sum - r.sum()) <= 1e-6 * Math.max(1, Math.abs(sum))
        && min == r.min()
        && max == r.max();
  }

  /** "partition/offset" of the input record a dead letter stands for, from its headers. */
  public static String deadLetterOrigin(ConsumerRecord<byte[], byte[]> deadLetter) {
    return header(deadLetter, DeadLetterFormat.PARTITION)
        + "/"
        + header(deadLetter, DeadLetterFormat.OFFSET);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
