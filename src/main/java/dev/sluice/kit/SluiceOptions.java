package dev.sluice.kit;

/**
 * What every Sluice pipeline has: CloudEvents read in event time (from Kafka unless {@code
 * --source} says otherwise), optionally checked against registered schemas, a dead-letter topic, a
 * delivery guarantee and an optional Prometheus endpoint. A pipeline's own {@code Options} extends
 * this and the other mixins it uses ({@link LateDataOptions}, ...) plus its own settings.
 */
public interface SluiceOptions
    extends KafkaInputOptions,
        EventTimeOptions,
        DeadLetterOptions,
        DeliveryOptions,
        MetricsOptions,
        SourceOptions,
        PubsubInputOptions,
        KinesisInputOptions,
        SchemaOptions,
        ReplayOptions,
        DatabaseOptions {}
