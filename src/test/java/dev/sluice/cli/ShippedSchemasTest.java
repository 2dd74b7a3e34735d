package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.event.ParseResult;
import dev.sluice.event.RawRecord;
import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.schema.SchemaFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schemas shipped under {@code pipelines/} against each scenario's generator: they accept
 * exactly the records the generator means as events (every type it sends has a schema) and refuse
 * its malformed ones that the envelope alone lets through, such as a number sent as text.
 */
class ShippedSchemasTest {

  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "windowed-aggregate",
            new EventGenerator(
                GeneratorConfig.builder()
                    .seed(3)
                    .count(20_000)
                    .startTime(START)
                    .malformedShare(0.02)
                    .build())),
        Arguments.of("iot-telemetry", new IotGenerator(IotConfig.defaults(5, START))),
        Arguments.of(
            "clickstream", new ClickstreamGenerator(ClickstreamConfig.defaults(7, 300, START))),
        Arguments.of(
            "payments-risk",
            new PaymentsGenerator(
                new PaymentsConfig(
                    9,
                    5000,
                    START,
                    Duration.ofDays(2),
                    PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE,
                    "p-"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theShippedSchemasAcceptExactlyTheGeneratorsEvents(
      String pipeline, Iterator<GeneratedRecord> generator) throws Exception {
    EventParser envelope = new EventParser(Duration.ofHours(1));
    EventParser checked = envelope.checking(SchemaFiles.asFixedSet(Path.of("pipelines")));
    int events = 0;
    int refusedByTheSchemaOnly = 0;
    long offset = 0;
    while (generator.hasNext()) {
      GeneratedRecord g = generator.next();
      RawRecord r = raw(g, offset++);
      ParseResult byEnvelope = envelope.parse(r);
      ParseResult bySchema = checked.parse(r);
      if (g.isEvent()) {
        events++;
        assertTrue(
            bySchema.isValid(),
            pipeline + " event refused: " + bySchema.error() + " " + g.valueUtf8());
      } else {
        assertTrue(!bySchema.isValid(), pipeline + " malformed record accepted: " + g.valueUtf8());
        if (byEnvelope.isValid()) {
          refusedByTheSchemaOnly++;
        }
      }
    }
    assertTrue(events > 100, pipeline + ": " + events + " events");
    if (!pipeline.equals("clickstream")) {
      // Its malformed clicks are broken envelopes; the others also send wrongly typed data.
      assertTrue(refusedByTheSchemaOnly > 0, pipeline + ": no wrongly typed data was generated");
    } else {
      assertEquals(0, refusedByTheSchemaOnly);
    }
  }

  private static RawRecord raw(GeneratedRecord g, long offset) {
    long produced = g.eventTime() == null ? START.toEpochMilli() : g.eventTime().toEpochMilli() + 1;
    return new RawRecord(
        "events",
        0,
        offset,
        produced,
        g.keyBytes(),
        g.value(),
        g.headers().stream().map(h -> new RawRecord.Header(h.name(), h.value())).toList());
  }
}
