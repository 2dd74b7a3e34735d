package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.event.EventParser;
import dev.sluice.testing.CloudEvents;
import dev.sluice.time.EventWindows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The audit of a --sql job: a final window counts when it has a result (its values are the query's
 * own), and repeated panes are caught as for the fixed aggregates. No broker: topics as lists.
 */
class UserQueryAuditTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final WindowedAggregateAudit audit =
      new WindowedAggregateAudit(
              new EventParser(Duration.ofHours(1)),
              new ReadingExtractor("value"),
              new EventWindows(
                  org.joda.time.Duration.standardSeconds(10),
                  org.joda.time.Duration.standardSeconds(30)),
              Duration.ofSeconds(10))
          .forUserQuery();

  private static ConsumerRecord<byte[], byte[]> event(long offset, String key, long second) {
    Instant t = T0.plusSeconds(second);
    byte[] value =
        CloudEvents.json("/sensors/gw-1", "e-" + offset, key, t, 1.0 + offset)
            .getBytes(StandardCharsets.UTF_8);
    return new ConsumerRecord<>(
        "events",
        0,
        offset,
        t.toEpochMilli(),
        TimestampType.CREATE_TIME,
        -1,
        value.length,
        null,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  private static String pane(String key, long start, int index) {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("mean", 2.5);
    return new QueryResult(
            key,
            T0.plusSeconds(start),
            T0.plusSeconds(start + 10),
            fields,
            index == 0 ? "ON_TIME" : "LATE",
            index,
            false)
        .toJson();
  }

  /** Key A: three events in [0s,10s); key Z far ahead, so that window is final by the input. */
  private static List<ConsumerRecord<byte[], byte[]>> input() {
    return List.of(event(0, "A", 1), event(1, "A", 2), event(2, "A", 3), event(3, "Z", 100));
  }

  @Test
  void aWindowWithItsResultIsCleanAndOneWithoutIsLost() {
    WindowedAggregateReport clean =
        audit.audit(input(), List.of(pane("A", 0, 0), pane("A", 0, 1)), List.of(), List.of());
    assertTrue(clean.clean(), clean.format());
    assertEquals(1, clean.windowsChecked(), clean.format());
    assertEquals(3, clean.eventsInFinalWindows(), clean.format());
    assertTrue(clean.format().contains("by presence only"), clean.format());

    WindowedAggregateReport missing = audit.audit(input(), List.of(), List.of(), List.of());
    assertFalse(missing.clean(), missing.format());
    assertEquals(3, missing.lost(), missing.format());
  }

  @Test
  void aPaneCommittedTwiceOrAWindowWithoutEventsIsDuplication() {
    List<String> twice = new ArrayList<>(List.of(pane("A", 0, 0), pane("A", 0, 0)));
    WindowedAggregateReport repeated = audit.audit(input(), twice, List.of(), List.of());
    assertEquals(1, repeated.panesRepeated(), repeated.format());
    assertFalse(repeated.clean(), repeated.format());

    twice.set(1, pane("B", 0, 0));
    WindowedAggregateReport stray = audit.audit(input(), twice, List.of(), List.of());
    assertEquals(1, stray.eventsCountedTwice(), stray.format());
    assertFalse(stray.clean(), stray.format());
  }
}
