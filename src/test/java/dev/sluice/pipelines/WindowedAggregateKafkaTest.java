package dev.sluice.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.RecordCounts;
import dev.sluice.io.RawRecord;
import dev.sluice.testing.ExpectedAggregates;
import dev.sluice.testing.SharedKafka;
import dev.sluice.io.TopicSnapshot;
import dev.sluice.transforms.EventWindows;
import dev.sluice.transforms.SluiceMetrics;
import dev.sluice.transforms.WindowResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real broker: generated events (late, out of order, repeated, malformed) -> a
 * {@code --bounded} run -> the topics it wrote, checked against an independent computation. The
 * same on the DirectRunner and on an embedded Flink cluster.
 */
class WindowedAggregateKafkaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration LATENESS = Duration.ofSeconds(30);
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);

  @Test
  void boundedRunOnDirect() {
    runAndVerify("direct", "--runner=DirectRunner");
  }

  @Test
  void boundedRunOnFlink() {
    runAndVerify("flink", "--runner=FlinkRunner", "--streaming=true", "--parallelism=2");
  }

  private void runAndVerify(String name, String... runnerArgs) {
    String bootstrap = SharedKafka.bootstrapServers();
    String input = SharedKafka.newTopic(name + "-events", 3);
    String results = SharedKafka.newTopic(name + "-results", 1);
    String deadLetters = SharedKafka.newTopic(name + "-dead-letters", 1);
    String late = SharedKafka.newTopic(name + "-late", 1);

    GeneratorConfig config =
        GeneratorConfig.builder()
            .seed(20261126)
            .count(4000)
            .keys(40)
            .eventsPerSecondOfEventTime(20)
            .maxOutOfOrderness(Duration.ofSeconds(5))
            .window(WINDOW)
            .allowedLateness(LATENESS)
            .lateWithinShare(0.02)
            .lateBeyondShare(0.02)
            .duplicateShare(0.02)
            .malformedShare(0.01)
            .build();
    List<GeneratedRecord> generated = EventGenerator.stream(config).collect(Collectors.toList());
    try (KafkaEventWriter writer = new KafkaEventWriter(Map.of("bootstrap.servers", bootstrap), input)) {
      generated.forEach(writer);
      writer.flush();
    }
    RecordCounts counts = RecordCounts.of(generated);

    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(
        List.of(
            "--bootstrapServers=" + bootstrap,
            "--inputTopic=" + input,
            "--outputTopic=" + results,
            "--deadLetterTopic=" + deadLetters,
            "--lateTopic=" + late,
            "--bounded=true",
            "--window=10s",
            "--allowedLateness=30s",
            "--maxOutOfOrderness=10s"));
    PipelineOptionsFactory.register(WindowedAggregatePipeline.Options.class);
    WindowedAggregatePipeline.Options options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation().as(WindowedAggregatePipeline.Options.class);
    RunSummary summary = PipelineRun.execute(name, WindowedAggregatePipeline.build(options), options, System.err);
    System.err.println(summary.format());
    assertTrue(summary.succeeded(), summary.format());

    List<String> resultJson = TopicSnapshot.values(bootstrap, results);
    List<String> deadJson = TopicSnapshot.values(bootstrap, deadLetters);
    List<ConsumerRecord<String, String>> lateRecords = TopicSnapshot.readAll(bootstrap, late);

    // Accounting: every record is counted once, every valid non-repeat lands in a window or late.
    long read = summary.counter(SluiceMetrics.READ);
    assertEquals(counts.total(), read, summary.format());
    assertEquals(counts.malformed(), summary.counter(SluiceMetrics.INVALID), summary.format());
    assertEquals(read - counts.malformed(), summary.counter(SluiceMetrics.VALID), summary.format());
    long unique = summary.counter(SluiceMetrics.VALID) - summary.counter(SluiceMetrics.DUPLICATES);
    assertEquals(unique, summary.counter(SluiceMetrics.AGGREGATED) + summary.counter(SluiceMetrics.LATE), summary.format());
    assertEquals(0, summary.counter(RunSummary.DROPPED_DUE_TO_LATENESS), summary.format());
    assertEquals(counts.malformed(), deadJson.size());
    assertEquals(summary.counter(SluiceMetrics.LATE), lateRecords.size());

    // The final panes equal the aggregate over input - bad - repeats - this run's own late topic.
    Set<String> lateIdentities = new HashSet<>();
    for (ConsumerRecord<String, String> r : lateRecords) {
      // Forwarded byte for byte: binary-mode events keep their attributes in ce_ headers.
      if (header(r, "ce_id") != null) {
        lateIdentities.add(header(r, "ce_source") + "|" + header(r, "ce_id"));
      } else {
        JsonNode event = readJson(r.value());
        lateIdentities.add(event.get("source").asText() + "|" + event.get("id").asText());
      }
    }
    Map<String, WindowResult> lastPanes = ExpectedAggregates.lastPanes(resultJson);
    ExpectedAggregates.assertMatches(ExpectedAggregates.compute(generated, WINDOW, lateIdentities), lastPanes);
    long aggregated = lastPanes.values().stream().mapToLong(WindowResult::count).sum();
    assertEquals(summary.counter(SluiceMetrics.AGGREGATED), aggregated, "events in final panes");

    // Nothing in the late topic was on time by its partition's own watermark when it was read.
    Map<Integer, Map<Long, Long>> watermarks = partitionWatermarks(bootstrap, input);
    for (ConsumerRecord<String, String> r : lateRecords) {
      String[] origin = header(r, LateEvent.ORIGIN_HEADER).split("/");
      long watermark = watermarks.get(Integer.parseInt(origin[1])).get(Long.parseLong(origin[2]));
      long expiredAt = java.time.Instant.parse(header(r, LateEvent.EXPIRED_AT_HEADER)).toEpochMilli();
      assertTrue(expiredAt < watermark, "late event " + header(r, LateEvent.ORIGIN_HEADER) + " was on time");
    }
    // The watermark moves while the bounded replay reads, so events generated far beyond the
    // allowed lateness are caught as late, on Flink as on Direct.
    assertTrue(lateRecords.size() > 0, "no late events caught");
  }

  /** Per partition and offset: the policy's watermark once that record was read (max valid time - bound). */
  private static Map<Integer, Map<Long, Long>> partitionWatermarks(String bootstrap, String topic) {
    EventParser parser = new EventParser("value", Duration.ofHours(1));
    Map<Integer, Map<Long, Long>> byPartition = new HashMap<>();
    Map<Integer, Long> max = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(bootstrap, topic)) {
      List<RawRecord.Header> headers = new ArrayList<>();
      for (Header h : r.headers()) {
        headers.add(new RawRecord.Header(h.key(), h.value()));
      }
      RawRecord raw = new RawRecord(topic, r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers);
      long t = parser.eventTimeOrMin(raw);
      long m = Math.max(max.getOrDefault(r.partition(), Long.MIN_VALUE), t);
      max.put(r.partition(), m);
      long wm = m == Long.MIN_VALUE ? Long.MIN_VALUE : m - OUT_OF_ORDERNESS.toMillis();
      byPartition.computeIfAbsent(r.partition(), p -> new HashMap<>()).put(r.offset(), wm);
    }
    return byPartition;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("late record is not the original CloudEvent JSON: " + json, e);
    }
  }
}
