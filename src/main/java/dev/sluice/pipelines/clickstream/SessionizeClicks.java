package dev.sluice.pipelines.clickstream;

import dev.sluice.transforms.SqlPanes;
import dev.sluice.transforms.SqlRowJsonFn;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Sessions per user in Beam SQL ({@code sessions.sql}, SESSION windows): start, end, clicks, page
 * views, distinct products, revenue and whether it converted, one JSON record per pane keyed by
 * user. Fires when the watermark passes a session's end, and again, accumulating, for each late
 * click within the allowed lateness; a late click that bridges two sessions merges them, and the
 * merged session's pane supersedes both.
 */
public final class SessionizeClicks
    extends PTransform<PCollection<Click>, PCollection<KV<String, String>>> {

  static final String ROWS = "session_rows";

  /** What the query sees: one row per click. */
  public static final Schema ROW =
      Schema.builder()
          .addStringField("user_id")
          .addDateTimeField("click_time")
          .addStringField("step")
          .addNullableField("product", Schema.FieldType.STRING)
          .addDoubleField("purchase_amount")
          .build();

  private final String sql;
  private final Duration allowedLateness;

  /**
   * @param sql sessions.sql as written, with ${SESSION_GAP} still in it
   * @param gap the session gap
   * @param allowedLateness how long after a session's end late clicks still update it (the gate's
   *     lateness plus the margin the kit keeps for a restarted clock)
   */
  public SessionizeClicks(String sql, Duration gap, Duration allowedLateness) {
    this.sql = sql.replace("${SESSION_GAP}", interval(gap));
    this.allowedLateness = allowedLateness;
  }

  /** A Calcite interval literal for any duration of whole milliseconds. */
  static String interval(Duration d) {
    long ms = d.getMillis();
    return String.format(
        "INTERVAL '%d %02d:%02d:%02d.%03d' DAY TO SECOND(3)",
        ms / 86_400_000, ms / 3_600_000 % 24, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<Click> clicks) {
    return clicks
        .apply(
            "ToRows",
            MapElements.into(TypeDescriptors.rows())
                .via(
                    (Click c) ->
                        Row.withSchema(ROW)
                            .addValues(
                                c.user(),
                                new Instant(c.time()),
                                c.step().label(),
                                c.product().isEmpty() ? null : c.product(),
                                c.step() == Step.PURCHASE && c.hasPrice() ? c.price() : 0.0)
                            .build()))
        .setRowSchema(ROW)
        .apply("Triggering", SqlPanes.onTimeThenPerLateRow(allowedLateness))
        .apply(
            "SessionsSql",
            SqlTransform.query(sql).registerUdaf(DistinctCount.NAME, new DistinctCount()))
        .apply(
            "SessionsJson",
            ParDo.of(
                new SqlRowJsonFn("session", "user", ClickMetrics.NAMESPACE, ROWS)
                    .withWindowEndAs("sessionEnd")));
  }
}
