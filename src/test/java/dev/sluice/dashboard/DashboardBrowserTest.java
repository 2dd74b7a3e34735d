package dev.sluice.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.kit.RunSummary;
import dev.sluice.pipelines.windowedaggregate.WindowResult;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.testing.SharedKafka;
import dev.sluice.testing.WindowedAggregateTable;
import dev.sluice.transforms.SluiceMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 17, items 2 and 3: the dashboard in a real headless Chromium (Debian's, installed by
 * scripts/chromium) shows, for a known input, each key's windows as windowed-aggregate wrote them,
 * and follows the topic when a second run writes more. What is checked is what ECharts holds for
 * the page, read back through the browser, not the server's JSON.
 */
class DashboardBrowserTest {

  static final String[] DIRECT = {"--runner=DirectRunner"};

  static ChromeDriver browser;

  @BeforeAll
  static void openBrowser() throws Exception {
    browser = HeadlessChromium.open(Files.createTempDirectory("sluice-chromium"));
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void showsEachKeysWindowsAndFollowsNewResults() throws Exception {
    KafkaScenario s =
        new KafkaScenario(
            "dashboard",
            2,
            GeneratorConfig.builder()
                .seed(20261203)
                .count(1600)
                .keys(6)
                .eventsPerSecondOfEventTime(10)
                .maxOutOfOrderness(Duration.ofSeconds(5))
                .window(Duration.ofSeconds(10))
                .allowedLateness(Duration.ofSeconds(30))
                .lateWithinShare(0.02)
                .duplicateShare(0.02)
                .malformedShare(0.01)
                .build());
    s.produceByKey(0, 800);
    RunSummary first = s.runBounded(DIRECT);
    WindowedAggregatePipeline.Options options = s.optionsWith(DIRECT);
    RunMetrics.Source counters =
        new RunMetrics.Source() {
          @Override
          public RunMetrics read() {
            return new RunMetrics(first.counters(), first.partitions());
          }

          @Override
          public String describe() {
            return "the test's finished run";
          }
        };
    try (Dashboard dashboard =
        Dashboard.start(
            "windowed-aggregate",
            WindowedAggregatePipeline.SPEC.charts(options),
            Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
            counters,
            "127.0.0.1",
            0)) {
      browser.get(dashboard.address());
      Map<String, List<List<Number>>> expected = countsByKey(s.resultValues());
      assertEquals(6, expected.size(), "keys with windows: " + expected.keySet());
      // The page polls each second: wait until the first chart holds what the topic holds.
      awaitChart("chart-0", expected);
      String records = browser.findElement(By.cssSelector("#counters")).getText();
      assertTrue(
          records.contains(
              SluiceMetrics.READ + " " + String.format("%,d", first.counter(SluiceMetrics.READ))),
          records);

      // New results arrive: the rest of the input, replayed whole into the same results topic.
      s.produceByKey(800, 1600);
      s.runBounded(DIRECT);
      Map<String, List<List<Number>>> more = countsByKey(s.resultValues());
      assertTrue(points(more) > points(expected) + 40, points(more) + " vs " + points(expected));
      awaitChart("chart-0", more);

      Path shot = Path.of("target", "dashboard.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      assertTrue(Files.size(shot) > 10_000, "screenshot " + Files.size(shot) + " bytes");
    }
  }

  /** Waits up to 30 s for the chart's series, as ECharts holds them, to equal {@code expected}. */
  private static void awaitChart(String id, Map<String, List<List<Number>>> expected) {
    Object[] last = new Object[1];
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(
              b -> {
                last[0] = drawn(id);
                return expected.equals(last[0]);
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      assertEquals(expected, last[0], "the chart " + id + " never showed the topic's results");
    }
  }

  /** Series name to its [x, y] points, read from the chart's ECharts instance in the page. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<List<Number>>> drawn(String id) {
    Object series =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const el = document.getElementById(arguments[0]);"
                    + " if (!el) return {};"
                    + " const out = {};"
                    + " for (const s of echarts.getInstanceByDom(el).getOption().series)"
                    + "   out[s.name] = s.data;"
                    + " return out;",
                id);
    Map<String, List<List<Number>>> out = new TreeMap<>();
    ((Map<String, List<List<Number>>>) series)
        .forEach(
            (name, data) ->
                out.put(
                    name,
                    data.stream()
                        .map(p -> List.<Number>of(p.get(0).longValue(), p.get(1).longValue()))
                        .toList()));
    return out;
  }

  /**
   * What "events per window, by key" must show: each key's windows by start with the count of its
   * newest pane, a later record replacing an earlier one unless its (count, pane index) is lower
   * (the database sink's rule; the second replay rewrites every window with pane index 0).
   */
  private static Map<String, List<List<Number>>> countsByKey(List<String> resultJson) {
    Map<String, TreeMap<Long, WindowResult>> byKey = new TreeMap<>();
    for (String json : resultJson) {
      WindowResult r = WindowResult.fromJson(json);
      byKey
          .computeIfAbsent(r.key(), k -> new TreeMap<>())
          .merge(
              r.windowStart().toEpochMilli(),
              r,
              (stored, later) -> WindowedAggregateTable.newer(later, stored) ? later : stored);
    }
    Map<String, List<List<Number>>> out = new TreeMap<>();
    byKey.forEach(
        (key, windows) ->
            out.put(
                key,
                windows.entrySet().stream()
                    .map(e -> List.<Number>of(e.getKey(), e.getValue().count()))
                    .toList()));
    return out;
  }

  private static int points(Map<String, List<List<Number>>> series) {
    return series.values().stream().mapToInt(List::size).sum();
  }
}
