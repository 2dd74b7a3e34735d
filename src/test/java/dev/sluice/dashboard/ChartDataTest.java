package dev.sluice.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kit.Chart;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How records become what a chart draws: versions, kinds, categories, and the size bound. */
class ChartDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static void add(ChartData data, String topic, int offset, String record)
      throws Exception {
    data.add(data.chart().points(json(record), topic, topic + "@" + offset));
  }

  @Test
  void aLaterPaneReplacesAnEarlierOneButAnOlderPaneDoesNotUndoIt() throws Exception {
    ChartData data =
        new ChartData(
            Chart.overTime("counts", "r", "windowStart")
                .seriesBy("key")
                .values("count")
                .versionedBy("count", "paneIndex"),
            100);
    String w = "\"windowStart\":\"2026-01-01T10:00:00Z\"";
    add(data, "r", 0, "{\"key\":\"a\"," + w + ",\"count\":3,\"paneIndex\":0}");
    add(data, "r", 1, "{\"key\":\"a\"," + w + ",\"count\":5,\"paneIndex\":1}");
    // A replay rewrites the on-time pane: the late update stays.
    add(data, "r", 2, "{\"key\":\"a\"," + w + ",\"count\":3,\"paneIndex\":0}");
    add(data, "r", 3, "{\"key\":\"b\"," + w + ",\"count\":7,\"paneIndex\":2}");
    // After a restore, b's panes come again under other indexes: the fuller one wins.
    add(data, "r", 4, "{\"key\":\"b\"," + w + ",\"count\":8,\"paneIndex\":1}");
    JsonNode drawn = data.render("c");
    assertEquals("[[1767261600000,5.0]]", drawn.at("/series/0/data").toString());
    assertEquals("a", drawn.at("/series/0/name").asText());
    assertEquals("[[1767261600000,8.0]]", drawn.at("/series/1/data").toString());
  }

  @Test
  void recordsOfAnotherKindOrWithoutTheFieldsDrawNothing() throws Exception {
    Chart chart =
        Chart.overTime("means", "s", "windowStart")
            .where("stats", "device")
            .seriesBy("device", "metric")
            .values("mean");
    String w = "\"windowStart\":\"2026-01-01T10:00:00Z\"";
    assertEquals(
        1,
        chart
            .points(
                json(
                    "{\"stats\":\"device\",\"device\":\"d\",\"metric\":\"t\","
                        + w
                        + ",\"mean\":2}"),
                "s",
                "s@0")
            .size());
    assertEquals(
        List.of(),
        chart.points(
            json("{\"stats\":\"site\",\"site\":\"x\",\"metric\":\"t\"," + w + ",\"mean\":2}"),
            "s",
            "s@1"));
    assertEquals(
        List.of(),
        chart.points(json("{\"stats\":\"device\",\"device\":\"d\",\"metric\":\"t\"}"), "s", "s@2"));
  }

  @Test
  void countsByCategoryAcrossTopicsAndFieldsAsBarsPerResult() throws Exception {
    ChartData tiers =
        new ChartData(Chart.countBy("tiers", "approve", "tier").alsoFrom("review", "block"), 100);
    add(tiers, "approve", 0, "{\"tier\":\"approve\"}");
    add(tiers, "approve", 1, "{\"tier\":\"approve\"}");
    add(tiers, "block", 0, "{\"tier\":\"block\"}");
    JsonNode drawn = tiers.render("t");
    assertEquals("[\"approve\",\"block\"]", drawn.get("categories").toString());
    assertEquals("[2.0,1.0]", drawn.at("/series/0/data").toString());

    ChartData funnel =
        new ChartData(Chart.fieldsAsBars("funnel", "f", "funnels", "purchased"), 100);
    String h1 = "\"windowStart\":\"2026-01-01T10:00:00Z\"";
    String h2 = "\"windowStart\":\"2026-01-01T11:00:00Z\"";
    add(funnel, "f", 0, "{" + h1 + ",\"funnels\":10,\"purchased\":1,\"pane\":0}");
    add(funnel, "f", 1, "{" + h1 + ",\"funnels\":12,\"purchased\":2,\"pane\":1}"); // late update
    add(funnel, "f", 2, "{" + h2 + ",\"funnels\":5,\"purchased\":1,\"pane\":0}");
    drawn = funnel.render("f");
    assertEquals("[\"funnels\",\"purchased\"]", drawn.get("categories").toString());
    assertEquals("[17.0,3.0]", drawn.at("/series/0/data").toString());
  }

  @Test
  void keepsTheNewestPointsAndTheSeriesWithTheMost() throws Exception {
    ChartData data =
        new ChartData(Chart.overTime("v", "r", "t").seriesBy("k").values("v").eachRecord(), 50);
    for (int i = 0; i < 200; i++) {
      String t = java.time.Instant.ofEpochSecond(i).toString();
      add(data, "r", i, "{\"k\":\"k" + (i % 20) + "\",\"t\":\"" + t + "\",\"v\":" + i + "}");
    }
    JsonNode drawn = data.render("v");
    assertEquals(50, drawn.get("points").asInt());
    assertEquals(20, drawn.get("seriesTotal").asInt());
    assertEquals(ChartData.MAX_SERIES, drawn.get("series").size());
    // The oldest left first: the smallest value still drawn is from record 150.
    double min = Double.MAX_VALUE;
    for (JsonNode s : drawn.get("series")) {
      for (JsonNode p : s.get("data")) {
        min = Math.min(min, p.get(1).asDouble());
      }
    }
    assertEquals(150.0, min, 0);
  }
}
