package dev.sluice.bench;

import dev.sluice.event.Event;
import dev.sluice.event.RawRecord;
import dev.sluice.kit.Ingest;
import dev.sluice.pipelines.router.RouterPipeline;
import dev.sluice.pipelines.router.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The router's work in a {@link PlainLoop}, for its bench row: each valid event is routed by the
 * startup rule set (the router's own {@link RuleSet}) and its original record written to every
 * chosen topic with the router's headers ({@link RuleSet#copies}, as the router writes them). It
 * takes the router's flags (the router's options parse them). No rule changes arrive during a bench
 * run, so it routes at once instead of waiting for the watermark, and writes the same copies to the
 * same topics as the router.
 */
public final class RouterLoop extends PlainLoop {

  private final RuleSet rules;

  private RouterLoop(RuleSet rules) {
    this.rules = rules;
  }

  public static void main(String[] args) throws Exception {
    RouterPipeline.Options o = RouterPipeline.SPEC.parse(args);
    new RouterLoop(RuleSet.parse(Files.readString(Path.of(o.getRulesFile()))))
        .run(o, Ingest.parser(o), RouterPipeline.SPEC);
  }

  @Override
  protected void accept(Event event, KafkaProducer<byte[], byte[]> out) {
    count("events_routed", 1);
    for (RawRecord copy : rules.copies(event, rules.version())) {
      count("records_routed", 1);
      out.send(record(copy.topic(), copy));
    }
  }
}
