package dev.sluice.bench;

import dev.sluice.event.Event;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.kit.Ingest;
import dev.sluice.pipelines.router.RouterPipeline;
import dev.sluice.pipelines.router.RuleSet;
import dev.sluice.rules.EventFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The router's work in a {@link PlainLoop}, for its bench row: each valid event is routed by the
 * startup rule set (the router's own {@link RuleSet}) and its original record written to every
 * chosen topic with the router's headers. It takes the router's flags (the router's options parse
 * them). No rule changes arrive during a bench run, so it routes at once instead of waiting for the
 * watermark, and writes the same copies to the same topics as the router.
 */
public final class RouterLoop extends PlainLoop {

  private static final String VERSION_HEADER = "sluice_rules_version";

  private final RuleSet rules;
  private final byte[] version;

  private RouterLoop(RuleSet rules) {
    this.rules = rules;
    this.version = Long.toString(rules.version()).getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    RouterPipeline.Options o = RouterPipeline.SPEC.parse(args);
    new RouterLoop(RuleSet.parse(Files.readString(Path.of(o.getRulesFile()))))
        .run(
            o.getBootstrapServers(),
            o.getInputTopic(),
            Ingest.parser(o),
            o.getDeadLetterTopic(),
            RouterPipeline.SPEC.accounting());
  }

  @Override
  protected void accept(Event event, KafkaProducer<byte[], byte[]> out) {
    count("events_routed", 1);
    RawRecord origin = event.origin();
    List<RawRecord.Header> headers = new ArrayList<>(origin.headers());
    headers.add(new RawRecord.Header(VERSION_HEADER, version));
    headers.add(
        new RawRecord.Header(
            LateEvent.ORIGIN_HEADER,
            (origin.topic() + "/" + origin.partition() + "/" + origin.offset())
                .getBytes(StandardCharsets.UTF_8)));
    for (String topic : rules.route(new EventFields(event))) {
      count("records_routed", 1);
      out.send(
          record(topic, new RawRecord(topic, -1, -1, 0, origin.key(), origin.value(), headers)));
    }
  }
}
