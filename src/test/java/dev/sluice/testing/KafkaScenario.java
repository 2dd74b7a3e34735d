package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.RecordCounts;
import dev.sluice.kafka.KafkaRecords;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.RunSummary;
import dev.sluice.pipelines.windowedaggregate.ReadingExtractor;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregateAudit;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregateReport;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One windowed-aggregate scenario on the shared broker: its own topics, generated input, a run, and
 * the checks every run must pass (accounting, final panes against an independent computation, and
 * nothing in the late topic that was on time by its partition's own watermark).
 */
public final class KafkaScenario {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final String bootstrap = SharedKafka.bootstrapServers();
  private final GeneratorConfig config;
  private final List<GeneratedRecord> generated;
  private final String input;
  private final String results;
  private final String deadLetters;
  private final String late;
  private long extraInvalid;

  public KafkaScenario(String name, int partitions, GeneratorConfig config) {
    this(
        name,
        config,
        EventGenerator.stream(config).collect(Collectors.toList()),
        SharedKafka.newTopic(name + "-events", partitions));
  }

  private KafkaScenario(
      String name, GeneratorConfig config, List<GeneratedRecord> generated, String input) {
    this.config = config;
    this.generated = generated;
    this.input = input;
    this.results = SharedKafka.newTopic(name + "-results", 1);
    this.deadLetters = SharedKafka.newTopic(name + "-dead-letters", 1);
    this.late = SharedKafka.newTopic(name + "-late", 1);
  }

  /** Another run over this scenario's input topic (as produced), into its own output topics. */
  public KafkaScenario sameInput(String name) {
    KafkaScenario other = new KafkaScenario(name, config, generated, input);
    other.extraInvalid = extraInvalid;
    return other;
  }

  public RecordCounts counts() {
    return RecordCounts.of(generated);
  }

  /** Partitioned by key, as a producer would. */
  public void produceByKey() {
    try (KafkaEventWriter writer =
        new KafkaEventWriter(Map.of("bootstrap.servers", bootstrap), input)) {
      generated.forEach(writer);
      writer.flush();
    }
  }

  /** Records {@code from} (inclusive) to {@code to} (exclusive), partitioned by key. */
  public void produceByKey(int from, int to) {
    try (KafkaEventWriter writer =
        new KafkaEventWriter(Map.of("bootstrap.servers", bootstrap), input)) {
      generated.subList(from, Math.min(to, generated.size())).forEach(writer);
      writer.flush();
    }
  }

  /** Results, dead letters, late events: the topics a run writes. */
  public List<String> outputTopics() {
    return List.of(results, deadLetters, late);
  }

  public int generatedCount() {
    return generated.size();
  }

  /** One record with {@code value} into every partition of the input (e.g. to move watermarks). */
  public void produceToEveryPartition(String value) {
    SharedKafka.produceToEveryPartition(input, value);
  }

  /** Starts a streaming run (no --bounded) and returns at once; the caller cancels it. */
  public PipelineResult startStreaming(String... runnerAndFlags) {
    WindowedAggregatePipeline.Options options =
        options(runnerAndFlags, "--blockOnRun=false", "--bounded=false");
    return WindowedAggregatePipeline.build(options).run();
  }

  /** Every pane written so far, as JSON. */
  public List<String> resultJson() {
    return TopicSnapshot.values(bootstrap, results);
  }

  /** The audit of what this scenario's run wrote, for the given windowing. */
  public WindowedAggregateReport audit(dev.sluice.time.EventWindows windows) {
    return audit(windows, resultJson());
  }

  /** The same over the given results (e.g. tampered with). */
  public WindowedAggregateReport audit(
      dev.sluice.time.EventWindows windows, List<String> resultJson) {
    return new WindowedAggregateAudit(
            new EventParser(Duration.ofHours(1)), new ReadingExtractor("value"), windows, BOUND)
        .audit(
            TopicSnapshot.readAllBytes(bootstrap, input),
            resultJson,
            deadLetters(),
            TopicSnapshot.readAll(bootstrap, late));
  }

  /**
   * Record i goes to partition i mod {@code used} (later partitions stay empty); after {@code
   * insertAfter} records, {@code extraInvalidValue} (if any) goes to partition 0.
   */
  public void produceRoundRobin(int used, long insertAfter, String extraInvalidValue) {
    produceRoundRobin(
        used,
        insertAfter,
        null,
        extraInvalidValue == null ? null : extraInvalidValue.getBytes(StandardCharsets.UTF_8));
  }

  /** The same with any bytes as the extra invalid record's key and value. */
  public void produceRoundRobin(
      int used, long insertAfter, byte[] extraInvalidKey, byte[] extraInvalidValue) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < generated.size(); i++) {
        GeneratedRecord r = generated.get(i);
        producer.send(
            new ProducerRecord<>(input, i % used, null, r.keyBytes(), r.value(), r.kafkaHeaders()));
        if (i == insertAfter && extraInvalidValue != null) {
          producer.send(new ProducerRecord<>(input, 0, null, extraInvalidKey, extraInvalidValue));
          extraInvalid++;
        }
      }
      producer.flush();
    }
  }

  /** Makes the dead-letter topic refuse records larger than {@code maxMessageBytes}. */
  public void limitDeadLetterTopic(int maxMessageBytes) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetters);
      AlterConfigOp op =
          new AlterConfigOp(
              new ConfigEntry("max.message.bytes", Integer.toString(maxMessageBytes)),
              AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
    }
  }

  private WindowedAggregatePipeline.Options options(String[] runner, String... extra) {
    PipelineOptionsFactory.register(WindowedAggregatePipeline.Options.class);
    return PipelineOptionsFactory.fromArgs(PipelineRun.withDefaults(flags(runner, extra)))
        .withValidation()
        .as(WindowedAggregatePipeline.Options.class);
  }

  /** The command-line flags of a run over this scenario's topics (e.g. for a child JVM). */
  public String[] flags(String[] runner, String... extra) {
    List<String> args = new ArrayList<>(Arrays.asList(runner));
    args.addAll(
        List.of(
            "--bootstrapServers=" + bootstrap,
            "--inputTopic=" + input,
            "--outputTopic=" + results,
            "--deadLetterTopic=" + deadLetters,
            "--lateTopic=" + late,
            "--groupId=" + input,
            "--window=" + config.window().toSeconds() + "s",
            "--allowedLateness=" + config.allowedLateness().toSeconds() + "s",
            "--maxOutOfOrderness=" + BOUND.toSeconds() + "s"));
    args.addAll(Arrays.asList(extra));
    if (args.contains("--runner=DirectRunner")) {
      // Users' runs turn Direct's per-element checks off; the tests keep them on.
      args.addAll(List.of("--enforceImmutability=true", "--enforceEncodability=true"));
    }
    return args.toArray(new String[0]);
  }

  /** The options a run with these runner flags gets (e.g. to audit it through its spec). */
  public WindowedAggregatePipeline.Options optionsWith(String... runnerAndFlags) {
    return options(runnerAndFlags);
  }

  public RunSummary runBounded(String... runner) {
    WindowedAggregatePipeline.Options options = options(runner, "--bounded=true");
    RunSummary summary =
        PipelineRun.execute(input, WindowedAggregatePipeline.build(options), options, System.err);
    System.err.println(summary.format());
    assertTrue(summary.succeeded(), summary.format());
    return summary;
  }

  /** Runs without --bounded until {@code minPanes} results appear or the timeout; then cancels. */
  public List<String> runStreamingUntil(String[] runner, String extra, Duration timeout)
      throws Exception {
    WindowedAggregatePipeline.Options options = options(runner, extra, "--blockOnRun=false");
    PipelineResult result = WindowedAggregatePipeline.build(options).run();
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> out = List.of();
    try {
      while (System.nanoTime() < deadline && out.size() <= 10) {
        Thread.sleep(1000);
        out = TopicSnapshot.values(bootstrap, results);
      }
    } finally {
      result.cancel();
    }
    return out;
  }

  /** Where each late event came from (topic/partition/offset), sorted. */
  public List<String> lateOrigins() {
    return TopicSnapshot.readAll(bootstrap, late).stream()
        .map(r -> header(r, LateEvent.ORIGIN_HEADER))
        .sorted()
        .toList();
  }

  /** The input topic as read back, in partition and offset order per partition. */
  public List<ConsumerRecord<byte[], byte[]>> inputRecords() {
    return TopicSnapshot.readAllBytes(bootstrap, input);
  }

  /** The values written to the results topic (any pipeline mode's JSON). */
  public List<String> resultValues() {
    return TopicSnapshot.values(bootstrap, results);
  }

  /** The late topic's records with their headers. */
  public List<ConsumerRecord<String, String>> lateRecords() {
    return TopicSnapshot.readAll(bootstrap, late);
  }

  /** Dead-letter records: the original bytes, the reason and origin in sluice.error.* headers. */
  public List<ConsumerRecord<byte[], byte[]>> deadLetters() {
    return TopicSnapshot.readAllBytes(bootstrap, deadLetters);
  }

  /** A dead letter's reason header. */
  public static String reason(ConsumerRecord<byte[], byte[]> deadLetter) {
    return header(deadLetter, DeadLetterFormat.REASON);
  }

  public Map<String, WindowResult> resultsByWindow() {
    return ExpectedAggregates.lastPanes(TopicSnapshot.values(bootstrap, results));
  }

  /** The checks every bounded run must pass. */
  public void verify(RunSummary summary) {
    RecordCounts counts = counts();
    List<ConsumerRecord<byte[], byte[]>> dead = deadLetters();
    List<ConsumerRecord<String, String>> lateRecords = TopicSnapshot.readAll(bootstrap, late);
    String all = summary.format();

    // Accounting: every record is counted once, every valid non-repeat lands in a window or late.
    long invalid = counts.malformed() + extraInvalid;
    assertEquals(counts.total() + extraInvalid, summary.counter(SluiceMetrics.READ), all);
    assertEquals(invalid, summary.counter(SluiceMetrics.INVALID), all);
    assertEquals(counts.total() - counts.malformed(), summary.counter(SluiceMetrics.VALID), all);
    long unique = summary.counter(SluiceMetrics.VALID) - summary.counter(SluiceMetrics.DUPLICATES);
    assertEquals(
        unique,
        summary.counter(SluiceMetrics.AGGREGATED) + summary.counter(SluiceMetrics.LATE),
        all);
    assertEquals(0, summary.counter(RunSummary.DROPPED_DUE_TO_LATENESS), all);
    assertEquals(invalid, dead.size(), () -> "dead letters (partition/offset): " + origins(dead));
    assertEquals(summary.counter(SluiceMetrics.LATE), lateRecords.size());

    // The final panes equal the aggregate over input - bad - repeats - this run's own late topic.
    Set<String> lateIdentities = new HashSet<>();
    for (ConsumerRecord<String, String> r : lateRecords) {
      lateIdentities.add(identity(r));
    }
    List<String> resultJson = TopicSnapshot.values(bootstrap, results);
    assertEquals(
        resultJson.size(),
        ExpectedAggregates.distinctPanes(resultJson),
        "a (key, window, pane) was written twice");
    Map<String, WindowResult> lastPanes = ExpectedAggregates.lastPanes(resultJson);
    ExpectedAggregates.assertMatches(
        ExpectedAggregates.compute(generated, config.window(), lateIdentities), lastPanes);
    long aggregated = lastPanes.values().stream().mapToLong(WindowResult::count).sum();
    assertEquals(summary.counter(SluiceMetrics.AGGREGATED), aggregated, "events in final panes");

    // Nothing in the late topic was on time by its partition's own watermark when it was read.
    List<ConsumerRecord<byte[], byte[]>> inputRecords =
        TopicSnapshot.readAllBytes(bootstrap, input);
    Map<Integer, Map<Long, Long>> watermarks = partitionWatermarks(inputRecords);
    for (ConsumerRecord<String, String> r : lateRecords) {
      String[] origin = header(r, LateEvent.ORIGIN_HEADER).split("/");
      long watermark = watermarks.get(Integer.parseInt(origin[1])).get(Long.parseLong(origin[2]));
      long expiredAt =
          java.time.Instant.parse(header(r, LateEvent.EXPIRED_AT_HEADER)).toEpochMilli();
      assertTrue(
          expiredAt < watermark,
          "late event " + header(r, LateEvent.ORIGIN_HEADER) + " was on time");
    }
    deadLettersAreTheInvalidInputRecordsUnchanged(inputRecords, dead);
    auditIsCleanAndCatchesTampering(inputRecords, resultJson, dead, lateRecords);

    // Events generated far beyond the allowed lateness exist, and the watermark moves while a
    // bounded replay reads, so some are caught as late.
    assertTrue(lateRecords.size() > 0, "no late events caught: " + all);
  }

  /** {@code sluice audit} agrees with the checks above, and notices a lost or repeated output. */
  private void auditIsCleanAndCatchesTampering(
      List<ConsumerRecord<byte[], byte[]>> inputRecords,
      List<String> resultJson,
      List<ConsumerRecord<byte[], byte[]>> deadJson,
      List<ConsumerRecord<String, String>> lateRecords) {
    WindowedAggregateAudit audit =
        new WindowedAggregateAudit(
            new EventParser(Duration.ofHours(1)),
            new ReadingExtractor("value"),
            new dev.sluice.time.EventWindows(
                org.joda.time.Duration.millis(config.window().toMillis()),
                org.joda.time.Duration.millis(config.allowedLateness().toMillis())),
            BOUND);
    WindowedAggregateReport clean = audit.audit(inputRecords, resultJson, deadJson, lateRecords);
    assertTrue(clean.clean(), clean.format());
    assertTrue(clean.windowsChecked() > 0, clean.format());

    List<String> onePaneTwice = new ArrayList<>(resultJson);
    onePaneTwice.add(resultJson.get(0));
    assertEquals(1, audit.audit(inputRecords, onePaneTwice, deadJson, lateRecords).duplicated());
    // Every pane of the earliest window (final long ago) goes missing.
    WindowResult first =
        resultJson.stream()
            .map(WindowResult::fromJson)
            .min(java.util.Comparator.comparing(WindowResult::windowStart))
            .orElseThrow();
    List<String> windowMissing =
        resultJson.stream()
            .filter(
                j -> {
                  WindowResult r = WindowResult.fromJson(j);
                  return !(r.key().equals(first.key())
                      && r.windowStart().equals(first.windowStart()));
                })
            .toList();
    WindowedAggregateReport lost = audit.audit(inputRecords, windowMissing, deadJson, lateRecords);
    assertEquals(first.count(), lost.lost(), lost.format());
    List<ConsumerRecord<byte[], byte[]>> deadLetterMissing = deadJson.subList(1, deadJson.size());
    assertEquals(1, audit.audit(inputRecords, resultJson, deadLetterMissing, lateRecords).lost());
  }

  private static List<String> origins(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
    return deadLetters.stream().map(WindowedAggregateAudit::deadLetterOrigin).sorted().toList();
  }

  /** Each dead letter is its input record byte for byte: key, value and headers, plus reasons. */
  private static void deadLettersAreTheInvalidInputRecordsUnchanged(
      List<ConsumerRecord<byte[], byte[]>> input, List<ConsumerRecord<byte[], byte[]>> dead) {
    Map<String, ConsumerRecord<byte[], byte[]>> byOrigin = new HashMap<>();
    input.forEach(r -> byOrigin.put(r.partition() + "/" + r.offset(), r));
    for (ConsumerRecord<byte[], byte[]> d : dead) {
      ConsumerRecord<byte[], byte[]> original =
          byOrigin.get(WindowedAggregateAudit.deadLetterOrigin(d));
      assertTrue(original != null, "dead letter of no input record");
      assertTrue(Arrays.equals(original.value(), d.value()), "dead letter value differs");
      assertTrue(Arrays.equals(original.key(), d.key()), "dead letter key differs");
      for (Header h : original.headers()) {
        assertTrue(Arrays.equals(h.value(), d.headers().lastHeader(h.key()).value()), h.key());
      }
      assertTrue(!reason(d).isBlank(), "no reason");
    }
  }

  /** Forwarded byte for byte: binary-mode events keep their attributes in ce_ headers. */
  private static String identity(ConsumerRecord<String, String> r) {
    if (header(r, "ce_id") != null) {
      return header(r, "ce_source") + "|" + header(r, "ce_id");
    }
    try {
      JsonNode event = JSON.readTree(r.value());
      return event.get("source").asText() + "|" + event.get("id").asText();
    } catch (Exception e) {
      throw new AssertionError("late record is not the original CloudEvent: " + r.value(), e);
    }
  }

  /**
   * Per partition and offset: the policy's watermark once that record was read (max valid time -
   * bound).
   */
  private static Map<Integer, Map<Long, Long>> partitionWatermarks(
      List<ConsumerRecord<byte[], byte[]>> inputRecords) {
    EventParser parser =
        new EventParser(Duration.ofHours(1)).requiring(new ReadingExtractor("value"));
    Map<Integer, Map<Long, Long>> byPartition = new HashMap<>();
    Map<Integer, Long> max = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : inputRecords) {
      long m =
          Math.max(
              max.getOrDefault(r.partition(), Long.MIN_VALUE),
              parser.eventTimeOrMin(KafkaRecords.toRaw(r)));
      max.put(r.partition(), m);
      long wm = m == Long.MIN_VALUE ? Long.MIN_VALUE : m - BOUND.toMillis();
      byPartition.computeIfAbsent(r.partition(), p -> new HashMap<>()).put(r.offset(), wm);
    }
    return byPartition;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
