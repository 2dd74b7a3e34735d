package dev.sluice.kit;

import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.EventParser;
import dev.sluice.kafka.KafkaProperties;
import dev.sluice.kafka.KafkaSource;
import dev.sluice.kafka.ReadKafkaRecords;
import dev.sluice.pubsub.ReadPubsubRecords;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import dev.sluice.time.WatermarkRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The read every pipeline starts with, built from its options. */
public final class Ingest {

  private Ingest() {}

  /** The envelope parser, with the options' future-skew bound. */
  public static EventParser parser(SluiceOptions options) {
    return new EventParser(Durations.parse("--maxFutureSkew", options.getMaxFutureSkew()));
  }

  /**
   * Kafka records stamped with their event time.
   *
   * @param windows the windowing that decides which events are already late when read
   * @param markLate stamp those events {@code LateMarker.TIMESTAMP} for the late topic
   */
  public static ReadKafkaRecords read(
      SluiceOptions options, EventParser parser, EventWindows windows, boolean markLate) {
    return new ReadKafkaRecords(
        source(options),
        watermarkRules(options, windows, markLate),
        parser,
        RunnerTraits.of(options));
  }

  /**
   * The same plus the records of {@code controlTopics} (a rules topic) stamped with their Kafka
   * timestamps, e.g. payments-risk with a rules topic: events are still marked late by {@code
   * windows}, control records never.
   */
  public static ReadKafkaRecords read(
      SluiceOptions options,
      EventParser parser,
      EventWindows windows,
      boolean markLate,
      List<String> controlTopics) {
    return new ReadKafkaRecords(
        source(options).withControlTopics(controlTopics),
        watermarkRules(options, windows, markLate),
        parser,
        RunnerTraits.of(options));
  }

  /**
   * Kafka records stamped with their event time, plus the records of {@code controlTopics} stamped
   * with their Kafka timestamps; nothing is marked late (the pipeline has no windows to miss).
   */
  public static ReadKafkaRecords read(
      SluiceOptions options, EventParser parser, List<String> controlTopics) {
    return new ReadKafkaRecords(
        source(options).withControlTopics(controlTopics),
        watermarkRules(options, null, false),
        parser,
        RunnerTraits.of(options));
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

  private static WatermarkRules watermarkRules(
      SluiceOptions options, EventWindows windows, boolean markLate) {
    return new WatermarkRules(
        Durations.parseJoda("--maxOutOfOrderness", options.getMaxOutOfOrderness()),
        Durations.parseJoda("--idleTimeout", options.getIdleTimeout()),
        windows,
        markLate);
  }

  public static KafkaSource source(SluiceOptions options) {
    Map<String, Object> consumer = new HashMap<>(Ingest.kafkaProperties(options));
    consumer.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, options.getGroupId());
    return new KafkaSource(
        options.getBootstrapServers(), options.getInputTopic(), consumer, options.getBounded());
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
        Deliveries.of(options),
        DeadLetterFormat.of(options.getDeadLetterFormat(), options.getDeadLetterJsonMaxBytes()));
  }
}
