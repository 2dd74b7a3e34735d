package dev.sluice.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The same windowed aggregation as a Kafka Streams 3.9 topology: windowedBy with grace =
 * out-of-orderness + allowed lateness, aggregate, suppress until the window closes. Two stream
 * threads, one per input partition. The input is keyed by subject, so groupByKey needs no
 * repartition topic.
 *
 * <p>Like the other contenders here it keeps no fault-tolerance copy of its state: in-memory window
 * store and suppress buffer, changelogs off (Flink runs without checkpoints). It never stops by
 * itself; the harness stops it (SIGTERM) once all results are in.
 *
 * <p>Flags: {@code --bootstrapServers --inputTopic --outputTopic --applicationId --stateDir}.
 */
public final class KafkaStreamsJob {

  private KafkaStreamsJob() {}

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, flags.get("applicationId"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, flags.get("bootstrapServers"));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, flags.get("stateDir"));
    props.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
        PollProbe.class.getName());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    Files.createDirectories(Path.of(flags.get("stateDir")));

    Duration size = Duration.ofMillis(Semantics.WINDOW_MS);
    Duration grace = Duration.ofMillis(Semantics.GRACE_MS);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            flags.get("inputTopic"),
            Consumed.with(Serdes.String(), new ReadingSerde())
                .withTimestampExtractor(new EventTime()))
        .filter((key, reading) -> reading != null)
        .groupByKey(Grouped.with(Serdes.String(), new ReadingSerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
        .aggregate(
            WindowAgg::new,
            (key, reading, agg) -> agg.add(reading.value),
            Materialized.<String, WindowAgg>as(
                    Stores.inMemoryWindowStore("aggregates", size.plus(grace), size, false))
                .withKeySerde(Serdes.String())
                .withValueSerde(new WindowAggSerde())
                .withLoggingDisabled())
        .suppress(
            Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded().withLoggingDisabled()))
        .toStream()
        .map(
            (window, agg) ->
                KeyValue.pair(
                    window.key(), agg.toJson(window.key(), window.window().start(), "FINAL")))
        .to(flags.get("outputTopic"), Produced.with(Serdes.String(), Serdes.String()));

    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  streams.close(Duration.ofSeconds(20));
                  stopped.countDown();
                },
                "streams-stop"));
    streams.start();
    stopped.await();
  }

  /**
   * Event time from the already deserialized reading; unusable records keep the Kafka timestamp.
   */
  static final class EventTime implements TimestampExtractor {
    @Override
    public long extract(
        org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record,
        long partitionTime) {
      return record.value() instanceof Reading r ? r.timeMillis : record.timestamp();
    }
  }

  /**
   * Reads CloudEvent JSON. Readings are never written: groupByKey keeps the key, so no repartition.
   */
  static final class ReadingSerde implements Serde<Reading> {
    @Override
    public Serializer<Reading> serializer() {
      return (topic, r) -> {
        throw new UnsupportedOperationException("readings are not written back to Kafka");
      };
    }

    @Override
    public Deserializer<Reading> deserializer() {
      return (topic, bytes) -> Reading.parse(bytes);
    }
  }

  static final class WindowAggSerde implements Serde<WindowAgg> {
    @Override
    public Serializer<WindowAgg> serializer() {
      return (topic, a) ->
          ByteBuffer.allocate(32)
              .putLong(a.count)
              .putDouble(a.sum)
              .putDouble(a.min)
              .putDouble(a.max)
              .array();
    }

    @Override
    public Deserializer<WindowAgg> deserializer() {
      return (topic, bytes) -> {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        WindowAgg a = new WindowAgg();
        a.count = b.getLong();
        a.sum = b.getDouble();
        a.min = b.getDouble();
        a.max = b.getDouble();
        return a;
      };
    }
  }
}
