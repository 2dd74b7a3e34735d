package dev.sluice.cli;

import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.JsonLinesWriter;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.RecordPump;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;

/** Where {@code generate} writes: a Kafka topic, a JSON-lines file, or both, with progress. */
final class GeneratedOutput {

  private GeneratedOutput() {}

  /**
   * Pumps {@code records} into the topic (flushed before returning) and/or the file.
   *
   * @param topic null for no topic
   * @param out null for no file
   */
  static RecordCounts write(
      Iterator<GeneratedRecord> records,
      long expected,
      KafkaConnection kafka,
      String topic,
      Path out,
      double rate,
      PrintWriter stderr)
      throws Exception {
    try (KafkaEventWriter kafkaSink =
            topic == null ? null : new KafkaEventWriter(kafka.clientProperties(), topic);
        JsonLinesWriter fileSink = out == null ? null : new JsonLinesWriter(out)) {
      Consumer<GeneratedRecord> sink = r -> {};
      if (kafkaSink != null) {
        sink = sink.andThen(kafkaSink);
      }
      if (fileSink != null) {
        sink = sink.andThen(fileSink);
      }
      RecordCounts counts = RecordPump.run(records, expected, rate, stderr, sink);
      if (kafkaSink != null) {
        kafkaSink.flush();
      }
      return counts;
    }
  }
}
