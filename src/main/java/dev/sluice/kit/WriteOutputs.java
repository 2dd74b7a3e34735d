package dev.sluice.kit;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.DeadLetterFormat;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.kafka.KafkaDelivery;
import dev.sluice.kafka.WriteRawRecords;
import dev.sluice.kafka.WriteToKafka;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

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
   * One output: its role (names the steps and the exactly-once sink group), its tag, its topic and
   * how an element becomes a Kafka record, either as UTF-8 key/value text or byte for byte.
   */
  public record Output<T>(
      String role,
      TupleTag<T> tag,
      String topic,
      SerializableFunction<T, KV<String, String>> asText,
      SerializableFunction<T, RawRecord> asRecord)
      implements Serializable {

    public static <T> Output<T> text(
        String role, TupleTag<T> tag, String topic, SerializableFunction<T, KV<String, String>> f) {
      return new Output<>(role, tag, topic, f, null);
    }

    public static <T> Output<T> records(
        String role, TupleTag<T> tag, String topic, SerializableFunction<T, RawRecord> f) {
      return new Output<>(role, tag, topic, null, f);
    }

    /**
     * Dead letters in the sink's {@link DeadLetterFormat} (by default the original record with the
     * reason in headers); the record is made when written.
     */
    public static Output<DeadLetter> deadLetters(TupleTag<DeadLetter> tag, String topic) {
      return new Output<>(DEAD_LETTERS, tag, topic, null, null);
    }

    /** Late events byte for byte as they were read, with headers naming the window they missed. */
    public static Output<LateEvent> late(TupleTag<LateEvent> tag, String topic) {
      return records("late", tag, topic, LateEvent::asRecordForLateTopic);
    }
  }

  private static final String DEAD_LETTERS = "dead-letters";

  private final KafkaSink sink;
  private final List<Output<?>> outputs;

  public WriteOutputs(KafkaSink sink, List<Output<?>> outputs) {
    this.sink = sink;
    this.outputs = new ArrayList<>(outputs);
  }

  /** The topics this step writes, for the check before the pipeline starts. */
  public List<String> topics() {
    return outputs.stream().map(Output::topic).filter(t -> !t.isBlank()).toList();
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
    if (output.asText() != null) {
      tuple
          .get(output.tag())
          .apply(
              step + "ToText",
              MapElements.into(
                      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                  .via(output.asText()))
          .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), StringUtf8Coder.of()))
          .apply(
              "Write" + step,
              new WriteToKafka(
                  sink.bootstrapServers(),
                  output.topic(),
                  sink.producerProperties(),
                  sink.delivery(),
                  output.role()));
    } else {
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
                  output.role()));
    }
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
