package dev.sluice.kit;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaDelivery;
import dev.sluice.kafka.WriteRawRecords;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
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
   * an element becomes a Kafka record (null for dead letters, which take the sink's format), and
   * whether each key's records must keep their order on the topic.
   */
  public record Output<T>(
      String role,
      TupleTag<T> tag,
      String topic,
      SerializableFunction<T, RawRecord> asRecord,
      boolean keyOrder)
      implements Serializable {

    public Output(
        String role, TupleTag<T> tag, String topic, SerializableFunction<T, RawRecord> asRecord) {
      this(role, tag, topic, asRecord, false);
    }

    /**
     * The same output, each key's records written in the order they come (ties within a batch by
     * the record's timestamp); the exactly-once writer then shards by key instead of round robin.
     */
    public Output<T> inKeyOrder() {
      return new Output<>(role, tag, topic, asRecord, true);
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
    tuple
        .get(output.tag())
        .apply(
            step + "ToRecord", MapElements.into(TypeDescriptor.of(RawRecord.class)).via(asRecord))
        .apply(
            "Write" + step,
            new WriteRawRecords(
                sink.bootstrapServers(),
                output.topic(),
                sink.producerProperties(),
                sink.delivery(),
                output.role(),
                output.keyOrder()));
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
