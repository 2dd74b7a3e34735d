package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaDelivery;
import dev.sluice.kafka.KafkaProperties;
import dev.sluice.kafka.ReadKafkaRecords;
import dev.sluice.kafka.WriteRawRecords;
import dev.sluice.kafka.WriteToKafka;
import dev.sluice.kit.Deliveries;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.AdmitEvents;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.joda.time.Duration;

/**
 * windowed-aggregate: count, sum, min, max and average of a reading per key and event-time window.
 */
public final class WindowedAggregatePipeline {

  public static final String NAME = "windowed-aggregate";

  /** Options of windowed-aggregate; durations take 500ms, 10s, 2m, 1h or ISO-8601. */
  public interface Options extends SluiceOptions {
    @Description("Length of the fixed event-time windows.")
    @Default.String("10s")
    String getWindow();

    void setWindow(String value);

    @Description(
        "Emit early (speculative) panes this long in processing time after a pane's first element;"
            + " empty for none.")
    @Default.String("")
    String getEarlyFiring();

    void setEarlyFiring(String value);

    @Description("How long after the watermark passes a window's end late events still update it.")
    @Default.String("30s")
    String getAllowedLateness();

    void setAllowedLateness(String value);

    @Description("Dotted path inside the CloudEvent data of the numeric field to aggregate.")
    @Default.String("value")
    String getValueField();

    void setValueField(String value);

    @Description(
        "Drop repeats of (source, id) within the window's horizon (window end + allowed lateness).")
    @Default.Boolean(true)
    boolean getDeduplicate();

    void setDeduplicate(boolean value);

    @Description(
        "Send events that arrive after their window expired to --lateTopic. When false, Beam drops"
            + " them inside the aggregation and only its droppedDueToLateness counter shows it.")
    @Default.Boolean(true)
    boolean getCaptureLate();

    void setCaptureLate(boolean value);

    @Description(
        "Keyed shards of the step that drops repeats and diverts late events; bounds its parallelism.")
    @Default.Integer(32)
    int getAdmissionShards();

    void setAdmissionShards(int value);

    @Description(
        "How to aggregate: 'combine' (hand-written, the fast default) or 'sql' (Beam SQL running"
            + " pipelines/windowed-aggregate/aggregate.sql; the same results, slower).")
    @Default.String("combine")
    String getAggregation();

    void setAggregation(String value);

    @Description(
        "Events whose time lies further than this beyond their record's Kafka timestamp are rejected.")
    @Default.String("1h")
    String getMaxFutureSkew();

    void setMaxFutureSkew(String value);
  }

  private WindowedAggregatePipeline() {}

  /** Maps options to transforms; nothing else happens here. */
  public static Pipeline build(Options options) {
    Map<String, Object> kafka = KafkaProperties.parse(options.getKafkaProperty());
    ReadingExtractor reading = new ReadingExtractor(options.getValueField());
    // The source gets the parser with the reading check too: it reuses that parse, and records
    // without a reading never move the watermark (as before the envelope was shared).
    EventParser parser =
        new EventParser(Durations.parse(options.getMaxFutureSkew())).requiring(reading);
    Duration early =
        options.getEarlyFiring().isBlank() ? null : Durations.parseJoda(options.getEarlyFiring());

    Map<String, Object> consumer = new HashMap<>(kafka);
    consumer.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, options.getGroupId());

    if (options.getCaptureLate() && options.getLateTopic().isBlank()) {
      throw new IllegalArgumentException("--lateTopic is required unless --captureLate=false");
    }
    EventWindows windows =
        new EventWindows(
            Durations.parseJoda(options.getWindow()),
            Durations.parseJoda(options.getAllowedLateness()));
    KafkaDelivery delivery = Deliveries.of(options);
    RunnerTraits runner = RunnerTraits.of(options);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<RawRecord> records =
        pipeline.apply(
            "ReadEvents",
            new ReadKafkaRecords(
                options.getBootstrapServers(),
                options.getInputTopic(),
                consumer,
                options.getBounded(),
                parser,
                windows,
                options.getCaptureLate(),
                Durations.parseJoda(options.getMaxOutOfOrderness()),
                Durations.parseJoda(options.getIdleTimeout()),
                runner));
    PCollectionTuple outputs =
        records.apply(
            "WindowedAggregate",
            new WindowedAggregate(
                parser,
                reading,
                new AdmitEvents.Settings(
                    windows,
                    options.getDeduplicate(),
                    options.getCaptureLate(),
                    options.getAdmissionShards(),
                    WindowedAggregate.CLOCK_KEEP_ALIVE),
                new WindowedAggregate.Aggregation(early, aggregationSql(options.getAggregation())),
                runner));

    outputs
        .get(WindowedAggregate.RESULTS)
        .apply(
            "ResultToJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((WindowResult r) -> KV.of(r.key(), r.toJson())))
        .apply(
            "WriteResults",
            new WriteToKafka(
                options.getBootstrapServers(),
                options.getOutputTopic(),
                kafka,
                delivery,
                "results"));
    outputs
        .get(WindowedAggregate.DEAD_LETTERS)
        .apply(
            "DeadLetterToJson",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((DeadLetter d) -> KV.of(d.kafkaKey(), d.toJson())))
        .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of()))
        .apply(
            "WriteDeadLetters",
            new WriteToKafka(
                options.getBootstrapServers(),
                options.getDeadLetterTopic(),
                kafka,
                delivery,
                "dead-letters"));
    if (options.getCaptureLate()) {
      outputs
          .get(WindowedAggregate.LATE)
          .apply(
              "LateToRecord",
              MapElements.into(TypeDescriptor.of(RawRecord.class))
                  .via((LateEvent l) -> l.asRecordForLateTopic()))
          .apply(
              "WriteLate",
              new WriteRawRecords(
                  options.getBootstrapServers(), options.getLateTopic(), kafka, delivery, "late"));
    }
    return pipeline;
  }

  /** The query for --aggregation=sql, null for the hand-written combine. */
  static String aggregationSql(String aggregation) {
    switch (aggregation) {
      case "combine":
        return null;
      case "sql":
        return PipelineResources.text(NAME + "/aggregate.sql");
      default:
        throw new IllegalArgumentException(
            "--aggregation must be 'combine' or 'sql', not '" + aggregation + "'");
    }
  }

  public static void main(String[] args) {
    System.exit(PipelineRun.runMain(NAME, args, Options.class, WindowedAggregatePipeline::build));
  }
}
