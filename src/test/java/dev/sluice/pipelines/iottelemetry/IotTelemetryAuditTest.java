package dev.sluice.pipelines.iottelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.time.EventWindows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** The audit counts, not sets: two distinct events may share device, time and value. */
class IotTelemetryAuditTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final IotTelemetryAudit audit =
      new IotTelemetryAudit(
          new EventParser(java.time.Duration.ofHours(1)),
          new SensorMetrics(List.of()),
          DetectorSettings.defaults().withForest(null),
          new EventWindows(Duration.standardMinutes(1), Duration.standardSeconds(30)),
          0);

  private static ConsumerRecord<byte[], byte[]> reading(long offset, String id, long minute) {
    String json =
        "{\"specversion\":\"1.0\",\"id\":\""
            + id
            + "\",\"source\":\"/s\",\"type\":\"sensor.reading\",\"time\":\""
            + T0.plusSeconds(60 * minute)
            + "\",\"subject\":\"d1\",\"data\":{\"value\":5.0}}";
    return new ConsumerRecord<>(
        "readings",
        0,
        offset,
        "d1".getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static String score(long minute) {
    return "{\"device\":\"d1\",\"metric\":\"value\",\"time\":\""
        + T0.plusSeconds(60 * minute)
        + "\",\"value\":5.0,\"score\":0.0}";
  }

  @Test
  void twoEventsWithTheSameTimeAndValueAreScoredTwiceAndThatIsClean() {
    List<ConsumerRecord<byte[], byte[]>> input = new ArrayList<>();
    List<String> scores = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      input.add(reading(m, "e" + m, m));
      scores.add(score(m));
    }
    input.add(reading(10, "other-e3", 3)); // another event, same device, time and value as e3
    scores.add(score(3));
    IotTelemetryReport report = audit.audit(input, List.of(), scores, 0, List.of());
    assertTrue(report.clean(), report.format());
    assertTrue(report.judged() > 0, report.format());
  }

  @Test
  void aScoreWrittenOnceMoreThanItsEventsIsADuplicateAndOneMissingIsLost() {
    List<ConsumerRecord<byte[], byte[]>> input = new ArrayList<>();
    List<String> scores = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      input.add(reading(m, "e" + m, m));
      if (m != 2) {
        scores.add(score(m));
      }
    }
    scores.add(score(4));
    IotTelemetryReport report = audit.audit(input, List.of(), scores, 0, List.of());
    assertEquals(1, report.scoresRepeated(), report.format());
    assertEquals(1, report.scoresLost(), report.format());
  }
}
