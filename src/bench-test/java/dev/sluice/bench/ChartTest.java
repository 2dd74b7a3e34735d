package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The throughput chart of a report: a bar per contender, coloured by kind, a dot per run. */
class ChartTest {

  private static Measurement run(Contender c, int i, double seconds, double cpu) {
    return new Measurement(
        c, i, 400_000, seconds, cpu, 1_000_000, 250_000, new Verdict(1, 0, 0, 0, List.of()), 1, 2);
  }

  @Test
  void drawsOneRowPerContenderWithItsRunsAndKindColours() throws Exception {
    Map<Contender, List<Measurement>> runs = new LinkedHashMap<>();
    runs.put(
        Contender.SLUICE_FLINK,
        List.of(
            run(Contender.SLUICE_FLINK, 1, 18, 25),
            run(Contender.SLUICE_FLINK, 2, 27, 38),
            run(Contender.SLUICE_FLINK, 3, 23, 35)));
    runs.put(
        Contender.NATIVE_FLINK,
        List.of(
            run(Contender.NATIVE_FLINK, 1, 8, 12),
            run(Contender.NATIVE_FLINK, 2, 10, 16),
            run(Contender.NATIVE_FLINK, 3, 10, 16)));
    Results results = new Results(runs, null, null, null);
    Path png = Path.of("target/chart-test.png");
    Files.createDirectories(png.getParent());
    Chart.throughput(results, "two contenders, median of 3", png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(80 + 70 * 2, image.getHeight());
    assertEquals(35.0 / 16.0, results.cpuRatioToFlink(Contender.SLUICE_FLINK), 1e-9);
    assertEquals(400_000 / 27.0, results.eventsPerSecondRange(Contender.SLUICE_FLINK)[0], 1e-6);
    assertNotEquals(Chart.colourOf(Contender.SLUICE_FLINK), Chart.colourOf(Contender.NATIVE_FLINK));
    assertNotEquals(
        Chart.colourOf(Contender.SLUICE_FLINK), Chart.colourOf(Contender.SLUICE_FLINK_FULL));
  }

  @Test
  void shadesTheSlowSinkPhaseBehindATimeline() throws Exception {
    double[][] lag = {{0, 0}, {30, 10}, {50, 5_000}, {70, 8_000}, {90, 0}};
    Path plain = Path.of("target/chart-test-timeline.png");
    Path shaded = Path.of("target/chart-test-timeline-phase.png");
    Chart.timeline(
        "lag", "records", List.of("lag"), java.util.Collections.singletonList(lag), plain);
    Chart.timeline(
        "lag",
        "records",
        List.of("lag"),
        java.util.Collections.singletonList(lag),
        new Chart.Phase(30, 70, "slow sink"),
        shaded);
    BufferedImage a = ImageIO.read(plain.toFile());
    BufferedImage b = ImageIO.read(shaded.toFile());
    // The middle of the plot, inside the phase: white without it, tinted with it.
    int x = a.getWidth() / 2;
    int y = a.getHeight() * 3 / 4;
    assertNotEquals(a.getRGB(x, y), b.getRGB(x, y));
  }
}
