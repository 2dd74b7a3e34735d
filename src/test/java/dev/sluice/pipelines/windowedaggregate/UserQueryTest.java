package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --sql} accepts and what it refuses at launch, in one line naming what is at fault.
 */
class UserQueryTest {

  @TempDir Path dir;

  private static String refusal(String sql) {
    return assertThrows(IllegalArgumentException.class, () -> UserQuery.of("--sql q.sql", sql))
        .getMessage();
  }

  private static void assertRefused(String sql, String... parts) {
    String message = refusal(sql);
    assertTrue(message.startsWith("--sql q.sql: "), message);
    assertEquals(1, message.lines().count(), message);
    for (String part : parts) {
      assertTrue(message.contains(part), "no '" + part + "' in: " + message);
    }
  }

  @Test
  void theExampleQueriesPlanAndTheirColumnsAreTheOutput() {
    UserQuery stats = UserQuery.load("pipelines/windowed-aggregate/examples/reading-stats.sql");
    assertEquals(List.of("event_key", "readings", "mean", "peak"), stats.output().getFieldNames());
    UserQuery limit = UserQuery.load("pipelines/windowed-aggregate/examples/over-limit.sql");
    assertEquals(
        List.of("event_key", "readings_over_10", "over_limit", "last_seen", "source"),
        limit.output().getFieldNames());
    assertEquals(
        Schema.TypeName.BOOLEAN, limit.output().getField("over_limit").getType().getTypeName());
  }

  @Test
  void anUnknownColumnIsNamed() {
    assertRefused(
        "SELECT event_key, SUM(temperature) AS t FROM PCOLLECTION GROUP BY event_key",
        "temperature");
  }

  @Test
  void anUnknownFunctionIsNamed() {
    assertRefused(
        "SELECT event_key, MEDIAN_OF(event_value) AS m FROM PCOLLECTION GROUP BY event_key",
        "MEDIAN_OF");
  }

  @Test
  void aSyntaxErrorIsRefused() {
    assertRefused("SELECT event_key, COUNT(*) AS n FROM PCOLLECTION GROUP", "line 1");
  }

  @Test
  void aQueryWithoutTheKeyIsRefused() {
    assertRefused(
        "SELECT event_type, COUNT(*) AS n FROM PCOLLECTION GROUP BY event_type",
        "must output event_key");
  }

  @Test
  void aQueryThatDoesNotAggregateIsRefused() {
    assertRefused(
        "SELECT event_key, event_value * 2 AS doubled FROM PCOLLECTION", "must aggregate");
  }

  @Test
  void aColumnJsonCannotHoldIsNamedWithItsType() {
    assertRefused(
        "SELECT event_key, MAX(CAST(event_time AS DATE)) AS last_day FROM PCOLLECTION"
            + " GROUP BY event_key",
        "column last_day has type",
        "JSON");
  }

  @Test
  void aColumnNamedLikeAnEnvelopeFieldIsRefused() {
    assertRefused(
        "SELECT event_key, COUNT(*) AS paneIndex FROM PCOLLECTION GROUP BY event_key",
        "column paneIndex would clash");
  }

  @Test
  void theLaunchRefusesABadFileNamingTheFlagAndTheFile() throws Exception {
    Path file = dir.resolve("bad.sql");
    Files.writeString(
        file, "SELECT event_key, AVG(pressure) AS p FROM PCOLLECTION GROUP BY event_key");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowedAggregatePipeline.build(options("--sql=" + file)));
    assertTrue(e.getMessage().startsWith("--sql " + file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("pressure"), e.getMessage());

    Path missing = dir.resolve("missing.sql");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowedAggregatePipeline.build(options("--sql=" + missing)));
    assertTrue(e.getMessage().startsWith("--sql " + missing + ": cannot read"), e.getMessage());
  }

  @Test
  void sqlGoesWithTimeWindowsAndTheDefaultAggregationOnly() {
    String stats = "--sql=pipelines/windowed-aggregate/examples/reading-stats.sql";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowedAggregatePipeline.build(options(stats, "--aggregation=sql")));
    assertTrue(
        e.getMessage().startsWith("--sql is its own aggregation: drop --aggregation=sql"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowedAggregatePipeline.build(options(stats, "--countWindow=5")));
    assertTrue(e.getMessage().startsWith("--sql aggregates time windows"), e.getMessage());
    // Accepted: the pipeline builds (nothing runs).
    WindowedAggregatePipeline.build(options(stats));
  }

  @Test
  void resultJsonHasTheEnvelopeAndTheQueryColumnsInOrder() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("readings", 3L);
    fields.put("over_limit", true);
    fields.put("source", "/sensors/\"gw\"");
    fields.put("mean", null);
    QueryResult r =
        new QueryResult(
            "A",
            Instant.parse("2026-11-26T10:00:00Z"),
            Instant.parse("2026-11-26T10:00:10Z"),
            fields,
            "LATE",
            1,
            false);
    String json = r.toJson();
    assertEquals(
        "{\"key\":\"A\",\"windowStart\":\"2026-11-26T10:00:00Z\","
            + "\"windowEnd\":\"2026-11-26T10:00:10Z\",\"readings\":3,\"over_limit\":true,"
            + "\"source\":\"/sensors/\\\"gw\\\"\",\"mean\":null,\"timing\":\"LATE\","
            + "\"paneIndex\":1,\"isLast\":false}",
        json);
    assertEquals(r, QueryResult.fromJson(json));
  }

  private static WindowedAggregatePipeline.Options options(String... flags) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--bootstrapServers=127.0.0.1:1",
                "--inputTopic=in",
                "--outputTopic=out",
                "--deadLetterTopic=dead",
                "--lateTopic=late"));
    args.addAll(List.of(flags));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(WindowedAggregatePipeline.Options.class);
  }
}
