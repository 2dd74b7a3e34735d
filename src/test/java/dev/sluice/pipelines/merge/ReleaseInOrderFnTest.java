package dev.sluice.pipelines.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.testing.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** The release machine alone: whatever order a key's events come in, they leave in one order. */
class ReleaseInOrderFnTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final EventParser PARSER = new EventParser(java.time.Duration.ofDays(3650));

  static Event event(String source, String id, long millis) {
    String json = CloudEvents.json(source, id, "k", T0.plusMillis(millis), 1);
    return PARSER
        .parse(new RawRecord("t", 0, 0, 0, null, json.getBytes(StandardCharsets.UTF_8), List.of()))
        .event();
  }

  @Test
  void anyArrivalOrderLeavesByTimeThenSourceThenIdAndKeepsNoState() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // Ten distinct times, four sources: ties at every time.
      events.add(event("/src-" + (i % 4), "e" + (39 - i), (i % 10) * 250L));
    }
    List<String> first = null;
    ReleaseInOrderFn fn =
        new ReleaseInOrderFn(new MergeStreams.Settings(Duration.ZERO, true, 1).clock());
    for (long seed = 1; seed <= 5; seed++) {
      List<Event> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(seed));
      List<String> out = new ArrayList<>();
      Long left =
          fn.replay(
              "k",
              shuffled,
              Long.MAX_VALUE,
              (r, at) -> {
                Event e = PARSER.parse(r).event();
                assertEquals(e.eventTimeMillis(), at, "stamped with its own time");
                out.add(e.eventTimeMillis() + " " + e.source() + " " + e.id());
              });
      assertNull(left, "nothing is kept per key once its events have left");
      List<String> sorted = new ArrayList<>(out);
      sorted.sort(
          java.util.Comparator.comparingLong((String s) -> Long.parseLong(s.split(" ")[0]))
              .thenComparing(s -> s.split(" ")[1])
              .thenComparing(s -> s.split(" ")[2]));
      assertEquals(sorted, out);
      assertEquals(40, out.size());
      if (first == null) {
        first = out;
      }
      assertEquals(first, out, "the same order for every arrival order");
    }
  }
}
