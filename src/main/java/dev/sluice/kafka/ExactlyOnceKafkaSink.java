package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterFirst;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes records to Kafka exactly once, in transactions, headers kept.
 *
 * <p>The scheme is KafkaIO's: records are spread over a fixed number of shards, each record gets a
 * sequence number per shard, and a shard's writer commits its records in sequence order together
 * with the last committed number (stored as consumer-group metadata of the sink group), so a
 * retried batch is recognised and skipped. The writer needs stable input: on Flink its input is
 * released only once the checkpoint holding it completes, so results become visible per checkpoint.
 *
 * <p>Unlike KafkaIO's writer (Beam 2.70), producers live in the DoFn instance, never in a static
 * cache: a Flink task restarted inside the same TaskManager JVM starts with fresh producers instead
 * of reusing one left mid-transaction by the failed attempt (which failed every retry there).
 */
public final class ExactlyOnceKafkaSink extends PTransform<PCollection<RawRecord>, PDone> {

  /** Records gathered into one pane, and so one transaction per shard, at most. */
  static final int BATCH_RECORDS = 1000;

  /** How long a pane waits for more records after its first. */
  static final org.joda.time.Duration BATCH_DELAY = org.joda.time.Duration.millis(200);

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final String sinkGroupId;
  private final boolean keyOrder;

  /**
   * @param keyOrder write each key's records in timestamp order (see {@link #inTimeOrder});
   *     otherwise shards take records round robin, whatever their keys
   */
  public ExactlyOnceKafkaSink(
      String bootstrapServers,
      String topic,
      Map<String, Object> producerProperties,
      String sinkGroupId,
      boolean keyOrder) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = new HashMap<>(producerProperties);
    this.sinkGroupId = sinkGroupId;
    this.keyOrder = keyOrder;
  }

  @Override
  public PDone expand(PCollection<RawRecord> records) {
    // One shard per partition of the topic: the sink state lives on those partitions' offsets.
    Map<String, Object> client = new HashMap<>(producerProperties);
    client.put("bootstrap.servers", bootstrapServers);
    int n = Topics.partitions(client, topic);
    // A record above either limit would abort every retry of its transaction: the writer counts
    // it instead (found here, where the pipeline is built).
    Object request = producerProperties.get("max.request.size");
    int maxRecordBytes =
        Math.min(
            request == null ? 1024 * 1024 : Integer.parseInt(request.toString()),
            Topics.maxMessageBytes(client, topic));
    PCollection<KV<Integer, KV<Long, RawRecord>>> numbered =
        keyOrder
            ? inTimeOrder(records, n)
            : records
                .apply("AssignShard", ParDo.of(new AssignShard(n, false)))
                .setCoder(KvCoder.of(VarIntCoder.of(), RawRecordCoder.of()))
                .apply("EveryRecord", batches())
                .apply("PersistShards", GroupByKey.create())
                .apply("Sequence", ParDo.of(new Sequence()))
                .setCoder(NUMBERED);
    numbered
        // Again: after a GroupByKey Beam continues with a trigger that fires per element.
        .apply("Batches", batches())
        .apply("PersistSequence", GroupByKey.create())
        .apply(
            "WriteTransactions",
            ParDo.of(
                new TransactionalWriter(
                    bootstrapServers, topic, producerProperties, sinkGroupId, maxRecordBytes)));
    return PDone.in(records.getPipeline());
  }

  static final KvCoder<Integer, KV<Long, RawRecord>> NUMBERED =
      KvCoder.of(VarIntCoder.of(), KvCoder.of(VarLongCoder.of(), RawRecordCoder.of()));

  /**
   * Shards by key, each shard's records numbered in timestamp order once the watermark passes them:
   * a key's records are then written in that order, whatever order they arrived in.
   */
  static PCollection<KV<Integer, KV<Long, RawRecord>>> inTimeOrder(
      PCollection<RawRecord> records, int shards) {
    return records
        .apply("AssignShard", ParDo.of(new AssignShard(shards, true)))
        .setCoder(KvCoder.of(VarIntCoder.of(), RawRecordCoder.of()))
        .apply("SequenceInTimeOrder", ParDo.of(new SequenceInTimeOrderFn()))
        .setCoder(NUMBERED);
  }

  /**
   * A pane becomes one transaction per shard. Firing per element made that one transaction (two
   * broker round trips) per record, about 130 records/s per output on Flink; gathering up to {@link
   * #BATCH_RECORDS} or {@link #BATCH_DELAY} costs that much latency and changes nothing else: the
   * numbering and the skip of what was committed are per record as before.
   */
  private static <T> Window<T> batches() {
    return Window.<T>into(new GlobalWindows())
        .triggering(
            Repeatedly.forever(
                AfterFirst.of(
                    AfterPane.elementCountAtLeast(BATCH_RECORDS),
                    AfterProcessingTime.pastFirstElementInPane().plusDelayOf(BATCH_DELAY))))
        .discardingFiredPanes();
  }

  /**
   * Round robin from a random start, so writers share the load whatever the keys; or by key, so a
   * key's records keep their order.
   */
  static final class AssignShard extends DoFn<RawRecord, KV<Integer, RawRecord>> {
    private final int shards;
    private final boolean byKey;
    private transient int next;

    AssignShard(int shards, boolean byKey) {
      this.shards = shards;
      this.byKey = byKey;
    }

    @Setup
    public void setup() {
      next = ThreadLocalRandom.current().nextInt(shards);
    }

    @ProcessElement
    public void process(@Element RawRecord r, OutputReceiver<KV<Integer, RawRecord>> out) {
      if (byKey) {
        out.output(KV.of(Math.floorMod(java.util.Arrays.hashCode(r.key()), shards), r));
        return;
      }
      next = (next + 1) % shards;
      out.output(KV.of(next, r));
    }
  }

  /** Numbers each shard's records 0, 1, 2 ... in the order this step sees them. */
  static final class Sequence
      extends DoFn<KV<Integer, Iterable<RawRecord>>, KV<Integer, KV<Long, RawRecord>>> {
    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<RawRecord>> shard,
        @StateId("next") ValueState<Long> nextState,
        OutputReceiver<KV<Integer, KV<Long, RawRecord>>> out) {
      Long stored = nextState.read();
      long next = stored == null ? 0 : stored;
      for (RawRecord r : shard.getValue()) {
        out.output(KV.of(shard.getKey(), KV.of(next++, r)));
      }
      nextState.write(next);
    }
  }
}
