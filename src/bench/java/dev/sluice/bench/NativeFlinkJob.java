package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The same windowed aggregation as a native Flink 1.19 DataStream job on an embedded mini-cluster
 * with parallelism 2: KafkaSource, bounded-out-of-orderness watermarks with idleness, keyBy,
 * tumbling event-time windows with allowed lateness (a late firing per late event), an
 * AggregateFunction, KafkaSink (at least once).
 *
 * <p>Flags: {@code --bootstrapServers --inputTopic --outputTopic --groupId [--bounded=true]}.
 */
public final class NativeFlinkJob {

  private NativeFlinkJob() {}

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args);
    String bootstrap = flags.get("bootstrapServers");
    String output = flags.get("outputTopic");

    Configuration conf = new Configuration();
    // Never the fixed 8081: another engineer's cluster may own it.
    conf.set(RestOptions.BIND_PORT, "0");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);

    KafkaSourceBuilder<Reading> source =
        KafkaSource.<Reading>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(flags.get("inputTopic"))
            .setGroupId(flags.get("groupId"))
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new ReadingSchema())
            .setProperty(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, PollProbe.class.getName());
    if (flags.bool("bounded")) {
      source.setBounded(OffsetsInitializer.latest());
    }
    WatermarkStrategy<Reading> watermarks =
        WatermarkStrategy.<Reading>forBoundedOutOfOrderness(
                Duration.ofMillis(Semantics.OUT_OF_ORDERNESS_MS))
            .withTimestampAssigner((r, kafkaTimestamp) -> r.timeMillis)
            .withIdleness(Duration.ofMillis(Semantics.IDLE_TIMEOUT_MS));

    KafkaSink<Tuple2<String, String>> sink =
        KafkaSink.<Tuple2<String, String>>builder()
            .setBootstrapServers(bootstrap)
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .setRecordSerializer(
                (KafkaRecordSerializationSchema<Tuple2<String, String>>)
                    (result, context, timestamp) ->
                        new ProducerRecord<>(
                            output,
                            result.f0.getBytes(StandardCharsets.UTF_8),
                            result.f1.getBytes(StandardCharsets.UTF_8)))
            .build();

    env.fromSource(source.build(), watermarks, "events")
        .keyBy(r -> r.key)
        .window(TumblingEventTimeWindows.of(Time.milliseconds(Semantics.WINDOW_MS)))
        .allowedLateness(Time.milliseconds(Semantics.ALLOWED_LATENESS_MS))
        .aggregate(new Aggregate(), new ToJson())
        .sinkTo(sink);
    env.execute("native-flink-windowed-aggregate");
    System.exit(0);
  }

  /** Parses in the source; records that are not usable readings are skipped (null). */
  static final class ReadingSchema extends AbstractDeserializationSchema<Reading> {
    @Override
    public Reading deserialize(byte[] message) {
      return Reading.parse(message);
    }
  }

  static final class Aggregate implements AggregateFunction<Reading, WindowAgg, WindowAgg> {
    @Override
    public WindowAgg createAccumulator() {
      return new WindowAgg();
    }

    @Override
    public WindowAgg add(Reading r, WindowAgg acc) {
      return acc.add(r.value);
    }

    @Override
    public WindowAgg getResult(WindowAgg acc) {
      return acc;
    }

    @Override
    public WindowAgg merge(WindowAgg a, WindowAgg b) {
      return a.merge(b);
    }
  }

  static final class ToJson
      extends ProcessWindowFunction<WindowAgg, Tuple2<String, String>, String, TimeWindow> {
    @Override
    public void process(
        String key, Context ctx, Iterable<WindowAgg> aggs, Collector<Tuple2<String, String>> out) {
      WindowAgg agg = aggs.iterator().next();
      out.collect(Tuple2.of(key, agg.toJson(key, ctx.window().getStart(), "FIRED")));
    }
  }
}
