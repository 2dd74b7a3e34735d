package dev.sluice.kit;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import dev.sluice.kafka.KafkaDelivery;
import dev.sluice.kafka.ReplayRun;
import dev.sluice.kafka.RunLedger;
import dev.sluice.kafka.SkipWritten;
import dev.sluice.kafka.StampRun;
import dev.sluice.kafka.WriteRawRecords;
import dev.sluice.kafka.WrittenRecords;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Writes every tagged output of a pipeline to its topic with one delivery guarantee: results, dead
 * letters, late events and whatever else the pipeline declares. An output whose topic is blank is
 * not written (e.g. late capture switched off).
 */
public final class WriteOutputs extends PTransform<PCollectionTuple, PDone> {

  /** The cluster and guarantee every output is written with, and the dead letters' format. */
  public record KafkaSink(
      String bootstrapServers,
      Map<String, Object> producerProperties,
      KafkaDelivery delivery,
      DeadLetterFormat deadLetters)
      implements Serializable {}

  /**
   * One output: its role (names the steps and the exactly-once sink group), its tag, its topic, how
   * an element becomes a Kafka record (null for dead letters, which take the sink's format),
   * whether each key's records must keep their order on the topic, and the database tables its
   * records are also upserted into when the run has one ({@link Database#store}).
   */
  public record Output<T>(
      String role,
      TupleTag<T> tag,
      String topic,
      SerializableFunction<T, RawRecord> asRecord,
      boolean keyOrder,
      SerializableFunction<RawRecord, byte[]> identity,
      List<ResultTable> tables)
      implements Serializable {

    public Output {
      tables = List.copyOf(tables);
    }

    public Output(
        String role, TupleTag<T> tag, String topic, SerializableFunction<T, RawRecord> asRecord) {
      this(role, tag, topic, asRecord, false, null, List.of());
    }

    /**
     * The same output, its records known across runs by {@code identity} instead of their whole
     * value (a resumed run leaves out a record whose identity the dead run wrote): for records with
     * a detail that may differ between runs of the same input, such as a pane's isLast.
     */
    public Output<T> identifiedBy(SerializableFunction<RawRecord, byte[]> identity) {
      return new Output<>(role, tag, topic, asRecord, keyOrder, identity, tables);
    }

    /** The same output, its records also upserted into these tables when a database is given. */
    public Output<T> storedIn(ResultTable... more) {
      List<ResultTable> all = new ArrayList<>(tables);
      all.addAll(List.of(more));
      return new Output<>(role, tag, topic, asRecord, keyOrder, identity, all);
    }

    /**
     * The same output, each key's records written in the order they come (ties within a batch by
     * the record's timestamp); the exactly-once writer then shards by key instead of round robin.
     */
    public Output<T> inKeyOrder() {
      return new Output<>(role, tag, topic, asRecord, true, identity, tables);
    }

    /** Elements written as UTF-8 key/value text (a null key stays null). */
    public static <T> Output<T> text(
        String role, TupleTag<T> tag, String topic, SerializableFunction<T, KV<String, String>> f) {
      return new Output<>(role, tag, topic, t -> textRecord(f.apply(t)));
    }

    public static <T> Output<T> records(
        String role, TupleTag<T> tag, String topic, SerializableFunction<T, RawRecord> f) {
      return new Output<>(role, tag, topic, f);
    }

    /**
     * Dead letters in the sink's {@link DeadLetterFormat} (by default the original record with the
     * reason in headers); the record is made when written.
     */
    public static Output<DeadLetter> deadLetters(TupleTag<DeadLetter> tag, String topic) {
      return new Output<>(DEAD_LETTERS, tag, topic, null);
    }

    /** Late events byte for byte as they were read, with headers naming the window they missed. */
    public static Output<LateEvent> late(TupleTag<LateEvent> tag, String topic) {
      return records("late", tag, topic, LateEvent::asRecordForLateTopic);
    }
  }

  private static final String DEAD_LETTERS = "dead-letters";

  /** The topic is the writer's to set; the record carries only key and value. */
  private static RawRecord textRecord(KV<String, String> kv) {
    byte[] key = kv.getKey() == null ? null : kv.getKey().getBytes(StandardCharsets.UTF_8);
    return new RawRecord(
        "", -1, -1, 0, key, kv.getValue().getBytes(StandardCharsets.UTF_8), List.of());
  }

  private final KafkaSink sink;
  private final List<Output<?>> outputs;

  public WriteOutputs(KafkaSink sink, List<Output<?>> outputs) {
    this.sink = sink;
    this.outputs = new ArrayList<>(outputs);
  }

  @Override
  public PDone expand(PCollectionTuple tuple) {
    for (Output<?> output : outputs) {
      if (!output.topic().isBlank()) {
        write(tuple, output);
      }
    }
    return PDone.in(tuple.getPipeline());
  }

  private <T> void write(PCollectionTuple tuple, Output<T> output) {
    String step = stepName(output.role());
    SerializableFunction<T, RawRecord> asRecord = output.asRecord();
    if (asRecord == null) {
      DeadLetterFormat format = sink.deadLetters();
      asRecord = d -> format.toRecord((DeadLetter) d);
    }
    PCollection<RawRecord> records =
        tuple
            .get(output.tag())
            .apply(
                step + "ToRecord",
                MapElements.into(TypeDescriptor.of(RawRecord.class)).via(asRecord));
    ReplayRun run = sink.delivery().run();
    if (run != null) {
      records = forRun(records, run, step, output);
    }
    records.apply(
        "Write" + step,
        new WriteRawRecords(
            sink.bootstrapServers(),
            output.topic(),
            sink.producerProperties(),
            sink.delivery(),
            output.role(),
            output.keyOrder()));
  }

  /**
   * A bounded run's records carry its id; a new run first records where the topic ends, a resumed
   * one leaves out what the dead run wrote (read back now, when the job is built).
   */
  private PCollection<RawRecord> forRun(
      PCollection<RawRecord> records, ReplayRun run, String step, Output<?> output) {
    String bootstrap = sink.bootstrapServers();
    Map<String, Object> props = sink.producerProperties();
    PCollection<RawRecord> stamped =
        records
            .apply(step + "StampRun", ParDo.of(new StampRun(run.id())))
            .setCoder(RawRecordCoder.of());
    if (!run.resume()) {
      RunLedger.recordOutputStart(bootstrap, props, run, output.topic());
      return stamped;
    }
    if (sink.delivery().isExactlyOnce()) {
      RunLedger.settleSinkGroup(
          bootstrap, props, sink.delivery().groupOf(output.role()), output.topic());
    }
    WrittenRecords written =
        RunLedger.written(bootstrap, props, run, output.topic(), output.identity());
    return stamped.apply(step + "SkipWritten", new SkipWritten(written, output.identity()));
  }

  /** "dead-letters" -> "DeadLetters". */
  static String stepName(String role) {
    StringBuilder sb = new StringBuilder();
    for (String part : role.split("[-_ ]")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return sb.toString();
  }
}
