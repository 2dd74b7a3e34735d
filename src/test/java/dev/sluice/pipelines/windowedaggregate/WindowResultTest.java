package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowResultTest {

  @Test
  void jsonRoundTripsEveryFieldAndEscapesTheKey() {
    WindowResult r =
        new WindowResult(
            "sensor \"7\"\n",
            Instant.parse("2026-11-27T10:00:00Z"),
            Instant.parse("2026-11-27T10:00:10Z"),
            3,
            -1.5,
            -4.25,
            2.0,
            -0.5,
            "LATE",
            2,
            true);
    String json = r.toJson();
    assertTrue(
        json.startsWith(
            "{\"key\":\"sensor \\\"7\\\"\\n\",\"windowStart\":\"2026-11-27T10:00:00Z\""),
        json);
    assertEquals(r, WindowResult.fromJson(json));
  }
}
