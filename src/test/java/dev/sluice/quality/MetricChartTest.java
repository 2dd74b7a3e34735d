package dev.sluice.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricChartTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private static String reading(String id, String device, Instant time, String data) {
    return String.format(
        "{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/iot/site-0\",\"type\":\"sensor.reading\","
            + "\"time\":\"%s\",\"subject\":\"%s\",\"site\":\"site-0\",\"data\":%s}",
        id, time, device, data);
  }

  /** Two hours of device-1 readings with a spike, plus noise the plot must leave out. */
  private static MetricPlotData sample(Instant from, Instant to) {
    List<String> readings = new ArrayList<>();
    List<String> scores = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instant t = T.plus(Duration.ofMinutes(i));
      double v = 20 + Math.sin(i / 10.0) + (i == 60 ? 8 : 0);
      readings.add(reading("r" + i, "device-1", t, "{\"temperature\":" + v + ",\"battery\":3.9}"));
      scores.add(
          String.format(
              "{\"device\":\"device-1\",\"metric\":\"temperature\",\"time\":\"%s\",\"value\":%s,\"score\":%s}",
              t, v, i == 60 ? 0.97 : 0.1));
    }
    readings.add(readings.get(5)); // a re-sent duplicate
    readings.add(reading("x1", "device-2", T, "{\"temperature\":99}")); // another device
    readings.add(reading("x2", "device-1", T, "{\"temperature\":\"n/a\"}")); // malformed
    readings.add("not json");
    // The JSON lines of 'generate --out' carry the event as text.
    readings.add(
        "{\"kind\":\"ON_TIME\",\"key\":\"device-1\",\"valueUtf8\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(
                reading("g1", "device-1", T.plusSeconds(30), "{\"temperature\":20.5}"))
            + "}");
    List<Alert> alerts =
        List.of(
            new Alert(
                "device-1", "temperature", T.plus(Duration.ofMinutes(60)), 28, 0.97, "anomaly"),
            new Alert("device-1", "*", T.plus(Duration.ofMinutes(90)), Double.NaN, 1, "silent"),
            new Alert("device-1", "battery", T, 3.9, 0.9, "anomaly"));
    List<TruthWindow> truth =
        List.of(
            new TruthWindow(
                "device-1",
                "temperature",
                "spike",
                T.plus(Duration.ofMinutes(60)),
                T.plus(Duration.ofMinutes(60))),
            new TruthWindow(
                "device-1",
                "*",
                "silence",
                T.plus(Duration.ofMinutes(85)),
                T.plus(Duration.ofMinutes(95))),
            new TruthWindow("device-1", "humidity", "stuck", T, T.plus(Duration.ofMinutes(30))));
    return MetricPlotData.of("device-1", "temperature", readings, scores, alerts, truth, from, to);
  }

  @Test
  void keepsOnlyTheSeriesOnceAndInOrder() {
    MetricPlotData data = sample(null, null);
    assertEquals(121, data.points().size());
    // The re-sent duplicate is drawn once; the event from 'generate --out' lines is drawn too.
    assertEquals(
        data.points().size(),
        data.points().stream().map(MetricPlotData.Point::time).distinct().count());
    for (int i = 1; i < data.points().size(); i++) {
      assertTrue(!data.points().get(i).time().isBefore(data.points().get(i - 1).time()));
    }
    assertEquals(120, data.scores().size());
    assertEquals(List.of("anomaly", "silent"), data.alerts().stream().map(Alert::reason).toList());
    assertEquals(
        List.of("spike", "silence"), data.truth().stream().map(TruthWindow::kind).toList());
  }

  @Test
  void cutsToTheRequestedEventTimes() {
    MetricPlotData data = sample(T.plus(Duration.ofMinutes(50)), T.plus(Duration.ofMinutes(70)));
    assertEquals(21, data.points().size());
    assertEquals(1, data.alerts().size());
    assertEquals(1, data.truth().size());
  }

  @Test
  void writesAReadablePng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("device-1.png");
    MetricChart.write(sample(null, null), png, 1000, 450);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a PNG ImageIO can read");
    assertEquals(1000, image.getWidth());
    assertEquals(450, image.getHeight());
    assertTrue(Files.size(png) > 10_000, "suspiciously small: " + Files.size(png) + " bytes");
    // Not blank: the chart uses more than a handful of colours.
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < image.getWidth(); x += 3) {
      for (int y = 0; y < image.getHeight(); y += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 10, "colours " + colours.size());
  }
}
