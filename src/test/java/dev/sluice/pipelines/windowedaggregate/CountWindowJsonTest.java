package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.transforms.CountWindow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountWindowJsonTest {

  static final CountWindow W =
      new CountWindow(
          "device-0",
          1,
          3,
          7,
          Instant.parse("2026-12-02T11:35:03.142Z"),
          Instant.parse("2026-12-02T11:35:12.060Z"),
          5,
          101.0,
          19.83,
          20.74,
          20.2);

  @Test
  void aCountWindowRoundTripsThroughItsJson() {
    String json = W.toJson();
    assertEquals(
        "{\"key\":\"device-0\",\"window\":1,\"firstPosition\":3,\"lastPosition\":7,"
            + "\"firstTime\":\"2026-12-02T11:35:03.142Z\",\"lastTime\":\"2026-12-02T11:35:12.060Z\","
            + "\"count\":5,\"sum\":101.0,\"min\":19.83,\"max\":20.74,\"avg\":20.2}",
        json);
    assertEquals(W, CountWindow.fromJson(json));
  }

  @Test
  void theDemoScreenShowsEachKeysLatestWindow() {
    CountWindow earlier =
        new CountWindow("device-0", 0, 1, 5, W.firstTime(), W.firstTime(), 5, 1, 0, 1, 0.2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CountWindowedAggregate.show(
        List.of(earlier.toJson(), W.toJson()),
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        5);
    String screen = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(screen.contains("2 count windows for 1 keys"), screen);
    assertTrue(screen.contains("3..7"), screen);
    assertTrue(!screen.contains("1..5"), screen);
  }
}
