package dev.sluice.kit;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.ParseResult;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A job's input as its audit sees it: every record read back from the input topics, parsed with the
 * job's own parser, and matched by origin (topic/partition/offset) with what the job diverted:
 * invalid records with its dead letters, late events with its late topic. What remains, once each,
 * is what the job admitted. The late topic is taken as the job's claim of which events came too
 * late (that depends on arrival order); the horizon is how far the input's own watermark got.
 */
public final class AuditedInput {

  private final long records;
  private final List<Event> admitted = new ArrayList<>();
  private final Set<String> invalid = new HashSet<>();
  private final Map<String, Integer> deadLetters = new HashMap<>();
  private final Map<String, Integer> late = new HashMap<>();
  private final long horizon;

  private AuditedInput(
      EventParser parser,
      List<ConsumerRecord<byte[], byte[]>> input,
      List<ConsumerRecord<byte[], byte[]>> deadLetterRecords,
      List<ConsumerRecord<byte[], byte[]>> lateRecords,
      long maxOutOfOrdernessMillis) {
    records = input.size();
    for (ConsumerRecord<byte[], byte[]> d : deadLetterRecords) {
      deadLetters.merge(
          header(d, DeadLetterFormat.TOPIC)
              + "/"
              + header(d, DeadLetterFormat.PARTITION)
              + "/"
              + header(d, DeadLetterFormat.OFFSET),
          1,
          Integer::sum);
    }
    for (ConsumerRecord<byte[], byte[]> r : lateRecords) {
      late.merge(header(r, LateEvent.ORIGIN_HEADER), 1, Integer::sum);
    }
    Map<String, Long> maxTime = new HashMap<>();
    Set<String> identities = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : input) {
      String origin = r.topic() + "/" + r.partition() + "/" + r.offset();
      ParseResult parsed = parser.parse(KafkaRecords.toRaw(r));
      if (!parsed.isValid()) {
        invalid.add(origin);
        continue;
      }
      Event e = parsed.event();
      maxTime.merge(r.topic() + "/" + r.partition(), e.eventTimeMillis(), Math::max);
      if (!late.containsKey(origin) && identities.add(e.identity())) {
        admitted.add(e);
      }
    }
    long slowest =
        maxTime.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
    horizon = slowest == Long.MIN_VALUE ? slowest : slowest - maxOutOfOrdernessMillis;
  }

  /** Reads the topics to their ends (read_committed); {@code late} may be blank (not captured). */
  public static AuditedInput read(
      EventParser parser,
      String bootstrap,
      List<String> inputTopics,
      String deadLetterTopic,
      String lateTopic,
      long maxOutOfOrdernessMillis) {
    List<ConsumerRecord<byte[], byte[]>> input = new ArrayList<>();
    for (String topic : inputTopics) {
      input.addAll(TopicSnapshot.readAllBytes(bootstrap, topic));
    }
    return new AuditedInput(
        parser,
        input,
        TopicSnapshot.readAllBytes(bootstrap, deadLetterTopic),
        lateTopic.isBlank() ? List.of() : TopicSnapshot.readAllBytes(bootstrap, lateTopic),
        maxOutOfOrdernessMillis);
  }

  /**
   * The input of a job run with these options, parsed as the job parses it ({@code parser}, e.g.
   * {@code Ingest.parser(o).requiring(...)}), with its dead letters and, if it captures them, its
   * late events.
   */
  public static AuditedInput read(SluiceOptions o, EventParser parser) {
    String late = o instanceof LateDataOptions l && l.getCaptureLate() ? l.getLateTopic() : "";
    return read(
        parser,
        o.getBootstrapServers(),
        o.getInputTopic(),
        o.getDeadLetterTopic(),
        late,
        dev.sluice.time.Durations.parse(o.getMaxOutOfOrderness()).toMillis());
  }

  /** For tests: records already in hand. */
  public static AuditedInput of(
      EventParser parser,
      List<ConsumerRecord<byte[], byte[]>> input,
      List<ConsumerRecord<byte[], byte[]>> deadLetters,
      List<ConsumerRecord<byte[], byte[]>> late,
      long maxOutOfOrdernessMillis) {
    return new AuditedInput(parser, input, deadLetters, late, maxOutOfOrdernessMillis);
  }

  public long records() {
    return records;
  }

  /** Valid events not diverted late, the first of each identity, in the topics' order. */
  public List<Event> admitted() {
    return admitted;
  }

  public long invalid() {
    return invalid.size();
  }

  public long deadLetters() {
    return deadLetters.values().stream().mapToLong(Integer::longValue).sum();
  }

  /** Invalid records with no dead letter. */
  public long deadLettersMissing() {
    return invalid.stream().filter(o -> !deadLetters.containsKey(o)).count();
  }

  /** Dead letters written more than once, or for a record that was valid. */
  public long deadLettersExtra() {
    long extra = 0;
    for (Map.Entry<String, Integer> e : deadLetters.entrySet()) {
      extra += invalid.contains(e.getKey()) ? e.getValue() - 1 : e.getValue();
    }
    return extra;
  }

  /** Late events written more than once. */
  public long lateRepeated() {
    return late.values().stream().mapToLong(n -> n - 1).sum();
  }

  /** Diversions written twice: extra dead letters plus repeated late events. */
  public long diversionsRepeated() {
    return deadLettersExtra() + lateRepeated();
  }

  /**
   * The input's watermark: the slowest partition's newest event time less the allowed disorder. An
   * output that depends only on events settled by then is final and may be judged.
   */
  public long horizon() {
    return horizon;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
