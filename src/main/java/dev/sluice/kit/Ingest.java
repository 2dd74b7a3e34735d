package dev.sluice.kit;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaProperties;
import dev.sluice.kafka.KafkaSource;
import dev.sluice.kafka.ReadKafkaRecords;
import dev.sluice.kinesis.ReadKinesisRecords;
import dev.sluice.pubsub.ReadPubsubRecords;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.schema.RegisteredSchemas;
import dev.sluice.schema.SchemaRegistry;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import dev.sluice.time.WatermarkRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The read every pipeline starts with, built from its options. */
public final class Ingest {

  private Ingest() {}

  /**
   * The envelope parser, with the options' future-skew bound and, with {@code --schemaRegistry},
   * the registry group's schemas, loaded now: a registry that does not answer, or has no schemas in
   * the group, stops the launch with one line.
   */
  public static EventParser parser(SluiceOptions options) {
    EventParser parser =
        new EventParser(Durations.parse("--maxFutureSkew", options.getMaxFutureSkew()));
    if (options.getSchemaRegistry().isBlank()) {
      return parser;
    }
    SchemaRegistry registry =
        new SchemaRegistry(options.getSchemaRegistry(), options.getSchemaGroup());
    RegisteredSchemas schemas = RegisteredSchemas.load(registry);
    if (schemas.types().isEmpty()) {
      throw new IllegalArgumentException(
          "the schema registry at "
              + registry.url()
              + " has no schemas in group "
              + registry.group()
              + ": register them with 'sluice schemas register --registry="
              + registry.url()
              + " --group="
              + registry.group()
              + "'");
    }
    return parser.checking(schemas);
  }

  /** Where the events come from, for the opening line: the topics, subscription or stream. */
  public static String describe(SluiceOptions options) {
    String from =
        switch (options.getSource()) {
          case kafka -> String.join(",", options.getInputTopic());
          case pubsub -> "Pub/Sub " + options.as(PubsubInputOptions.class).getInputSubscription();
          case kinesis -> "Kinesis stream " + options.getInputStream();
        };
    return options.getSchemaRegistry().isBlank()
        ? from
        : from
            + ", data checked against schema group "
            + options.getSchemaGroup()
            + " at "
            + options.getSchemaRegistry();
  }

  /**
   * The events of {@code --source} stamped with their event time.
   *
   * @param windows the windowing that decides which events are already late when read
   * @param markLate stamp those events {@code LateMarker.TIMESTAMP} for the late topic
   */
  public static PTransform<PBegin, PCollection<RawRecord>> read(
      SluiceOptions options, EventParser parser, EventWindows windows, boolean markLate) {
    return read(options, parser, windows, markLate, List.of());
  }

  /**
   * The same plus the records of Kafka {@code controlTopics} (a rules topic) stamped with their
   * Kafka timestamps, e.g. payments-risk with a rules topic: events are still marked late by {@code
   * windows}, control records never. On Kafka both come from one read; from another source, the
   * control topics are read from Kafka beside it.
   */
  public static PTransform<PBegin, PCollection<RawRecord>> read(
      SluiceOptions options,
      EventParser parser,
      EventWindows windows,
      boolean markLate,
      List<String> controlTopics) {
    WatermarkRules rules = watermarkRules(options, windows, markLate);
    if (options.getSource() == SourceOptions.Source.kafka) {
      return new ReadKafkaRecords(
          source(options).withControlTopics(controlTopics),
          rules,
          parser,
          RunnerTraits.of(options));
    }
    PTransform<PBegin, PCollection<RawRecord>> events =
        switch (options.getSource()) {
          case pubsub -> readPubsub(options, parser, windows, markLate);
          case kinesis -> readKinesis(options, parser, rules);
          case kafka -> throw new IllegalStateException("read above");
        };
    if (controlTopics.isEmpty()) {
      return events;
    }
    KafkaSource control =
        new KafkaSource(
            options.getBootstrapServers(),
            List.of(),
            consumerProperties(options),
            options.getBounded(),
            controlTopics,
            null);
    return new ReadWithControl(
        events, new ReadKafkaRecords(control, rules, parser, RunnerTraits.of(options)));
  }

  /**
   * Events stamped with their event time, plus the records of {@code controlTopics} stamped with
   * their Kafka timestamps; nothing is marked late (the pipeline has no windows to miss).
   */
  public static PTransform<PBegin, PCollection<RawRecord>> read(
      SluiceOptions options, EventParser parser, List<String> controlTopics) {
    return read(options, parser, null, false, controlTopics);
  }

  /** Events from one source and control records from Kafka, as one collection. */
  private static final class ReadWithControl extends PTransform<PBegin, PCollection<RawRecord>> {
    private final PTransform<PBegin, PCollection<RawRecord>> events;
    private final ReadKafkaRecords control;

    ReadWithControl(PTransform<PBegin, PCollection<RawRecord>> events, ReadKafkaRecords control) {
      this.events = events;
      this.control = control;
    }

    @Override
    public PCollection<RawRecord> expand(PBegin begin) {
      return PCollectionList.of(begin.apply("ReadEvents", events))
          .and(begin.apply("ReadControlTopics", control))
          .apply("WithControl", Flatten.pCollections());
    }
  }

  /**
   * {@code --source=pubsub}: the subscription's messages stamped with their event time, for the
   * same steps as {@link #read}, with the same late marking. Launch fails with one line on a
   * missing or malformed {@code --inputSubscription} and on {@code --bounded} (Pub/Sub has no range
   * to replay).
   *
   * @param windows the windowing that decides which events are already late when read (null: none)
   * @param markLate stamp those events {@code LateMarker.TIMESTAMP} for the late topic
   */
  public static ReadPubsubRecords readPubsub(
      SluiceOptions options, EventParser parser, EventWindows windows, boolean markLate) {
    PubsubInputOptions pubsub = options.as(PubsubInputOptions.class);
    String subscription = pubsub.getInputSubscription();
    if (!subscription.matches("projects/[^/]+/subscriptions/[^/]+")) {
      throw new IllegalArgumentException(
          subscription.isEmpty()
              ? "--source=pubsub needs --inputSubscription=projects/PROJECT/subscriptions/NAME"
              : "--inputSubscription="
                  + subscription
                  + " is not projects/PROJECT/subscriptions/NAME");
    }
    if (options.getBounded()) {
      throw new IllegalArgumentException(
          "--bounded replays Kafka offsets; Pub/Sub has none: drop --bounded or use --source=kafka");
    }
    return new ReadPubsubRecords(
        new ReadPubsubRecords.Settings(
            subscription, pubsub.getPubsubIdAttribute(), pubsub.getPubsubTimestampAttribute()),
        parser,
        windows,
        markLate);
  }

  /**
   * The Kinesis read of {@code --inputStream}; one line at launch on a missing stream name and on
   * {@code --bounded} (a stream has no end offsets to replay to).
   */
  static ReadKinesisRecords readKinesis(
      SluiceOptions options, EventParser parser, WatermarkRules rules) {
    if (options.getInputStream().isBlank()) {
      throw new IllegalArgumentException("--source=kinesis needs --inputStream=STREAM");
    }
    if (options.getBounded()) {
      throw new IllegalArgumentException(
          "--bounded replays Kafka offsets; a Kinesis read streams: drop --bounded or use"
              + " --source=kafka");
    }
    String region = kinesisRegion(options);
    if (region.isEmpty()) {
      throw new IllegalArgumentException(
          "--source=kinesis needs --awsRegion=REGION (or AWS_REGION), or --kinesisEndpoint for an"
              + " emulator");
    }
    return new ReadKinesisRecords(
        new ReadKinesisRecords.Settings(
            options.getInputStream(), options.getKinesisEndpoint(), region),
        rules,
        parser);
  }

  /** --awsRegion, else the AWS default chain's; an emulator without either takes us-east-1. */
  private static String kinesisRegion(SluiceOptions options) {
    String region;
    try {
      software.amazon.awssdk.regions.Region r = options.getAwsRegion();
      region = r == null ? "" : r.id();
    } catch (RuntimeException noRegionConfigured) {
      region = "";
    }
    return region.isEmpty() && !options.getKinesisEndpoint().isEmpty() ? "us-east-1" : region;
  }

  private static WatermarkRules watermarkRules(
      SluiceOptions options, EventWindows windows, boolean markLate) {
    return new WatermarkRules(
        Durations.parseJoda("--maxOutOfOrderness", options.getMaxOutOfOrderness()),
        Durations.parseJoda("--idleTimeout", options.getIdleTimeout()),
        windows,
        markLate);
  }

  public static KafkaSource source(SluiceOptions options) {
    if (options.getInputTopic().isEmpty()) {
      throw new IllegalArgumentException(
          "--source=kafka needs --inputTopic=TOPIC (or choose another --source)");
    }
    return new KafkaSource(
            options.getBootstrapServers(),
            options.getInputTopic(),
            consumerProperties(options),
            options.getBounded())
        .forRun(ReplayRuns.of(options));
  }

  private static Map<String, Object> consumerProperties(SluiceOptions options) {
    Map<String, Object> consumer = new HashMap<>(Ingest.kafkaProperties(options));
    consumer.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, options.getGroupId());
    return consumer;
  }

  /** Kafka client properties: --kafkaPropertiesFile's, then --kafkaProperty's, which win. */
  public static Map<String, Object> kafkaProperties(KafkaOptions options) {
    return KafkaProperties.of(options.getKafkaPropertiesFile(), options.getKafkaProperty());
  }

  /** The same plus {@code bootstrap.servers}: what an admin client or a plain consumer needs. */
  public static Map<String, Object> clientProperties(KafkaOptions options) {
    Map<String, Object> client = new HashMap<>(kafkaProperties(options));
    client.put("bootstrap.servers", options.getBootstrapServers());
    return client;
  }

  /** Where every output is written, with the delivery guarantee the options ask for. */
  public static WriteOutputs.KafkaSink sink(SluiceOptions options) {
    return new WriteOutputs.KafkaSink(
        options.getBootstrapServers(),
        Ingest.kafkaProperties(options),
        Deliveries.of(options).forRun(ReplayRuns.of(options)),
        DeadLetterFormat.of(options.getDeadLetterFormat(), options.getDeadLetterJsonMaxBytes()));
  }
}
