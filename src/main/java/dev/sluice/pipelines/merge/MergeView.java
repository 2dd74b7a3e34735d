package dev.sluice.pipelines.merge;

import dev.sluice.event.LateEvent;
import dev.sluice.kafka.TopicSnapshot;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The demo's screen for merge: how many events each input gave, and one key's merged order. */
final class MergeView {

  private MergeView() {}

  static void show(MergePipeline.Options options, String servers, PrintStream out, int rows) {
    List<ConsumerRecord<byte[], byte[]>> merged =
        TopicSnapshot.readAllBytes(servers, options.getOutputTopic());
    Map<String, Integer> byInput = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : merged) {
      String origin = header(r);
      byInput.merge(origin.substring(0, Math.max(0, origin.indexOf('/'))), 1, Integer::sum);
    }
    out.printf(
        "%nmerged into %s: %d events %s%n", options.getOutputTopic(), merged.size(), byInput);
    merged.stream()
        .limit(rows)
        .forEach(
            r ->
                out.printf(
                    "  %-28s %s%n",
                    header(r), abbreviate(new String(r.value(), StandardCharsets.UTF_8))));
  }

  private static String header(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(LateEvent.ORIGIN_HEADER);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 90 ? s : s.substring(0, 87) + "...";
  }
}
