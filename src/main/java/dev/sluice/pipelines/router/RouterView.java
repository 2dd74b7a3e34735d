package dev.sluice.pipelines.router;

import dev.sluice.kafka.TopicSnapshot;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The demo's screen for the router: how many copies each topic got, by rule-set version. */
final class RouterView {

  private RouterView() {}

  static void show(RouterPipeline.Options options, String servers, PrintStream out, int rows) {
    RouteEvents.Settings settings = RouterPipeline.settings(options);
    out.printf(
        "%nrouted by rule set version %d (%d routes, default %s):%n",
        settings.initial().version(), settings.initial().size(), settings.initial().defaultTopic());
    for (String topic : settings.outputs()) {
      List<ConsumerRecord<byte[], byte[]>> records = TopicSnapshot.readAllBytes(servers, topic);
      Map<String, Integer> byVersion = new TreeMap<>();
      records.forEach(r -> byVersion.merge("v" + header(r), 1, Integer::sum));
      out.printf("  %-24s %7d records %s%n", topic, records.size(), byVersion);
      records.stream()
          .limit(Math.min(rows, 2))
          .forEach(
              r ->
                  out.printf(
                      "      e.g. %s%n",
                      abbreviate(new String(r.value(), StandardCharsets.UTF_8))));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(RouteByRulesFn.VERSION_HEADER);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 110 ? s : s.substring(0, 107) + "...";
  }
}
