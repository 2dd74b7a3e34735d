package dev.sluice.pipelines.iottelemetry;

import dev.sluice.transforms.SqlPanes;
import dev.sluice.transforms.SqlRowJsonFn;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The dashboard figures, in Beam SQL: per device and metric 1-minute tumbling count, mean, min, max
 * and standard deviation ({@code device-stats.sql}), and per site and metric 5-minute means sliding
 * every minute ({@code site-stats.sql}). Both fire when the watermark passes a window's end and
 * again for each late reading within the allowed lateness, accumulating, as windowed-aggregate
 * does; the windows themselves are the queries' TUMBLE and HOP.
 *
 * <p>Each result is one JSON record keyed by device ({@link #DEVICES}) or site ({@link #SITES}),
 * with the window and its pane.
 */
public final class TelemetryStats extends PTransform<PCollection<MetricReading>, PCollectionTuple> {

  public static final TupleTag<KV<String, String>> DEVICES = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> SITES = new TupleTag<>() {};

  /** What the queries see: one row per metric reading. */
  public static final Schema ROW =
      Schema.builder()
          .addStringField("device")
          .addStringField("site")
          .addStringField("metric")
          .addDateTimeField("reading_time")
          .addDoubleField("reading")
          .build();

  private final String deviceSql;
  private final String siteSql;
  private final Duration allowedLateness;

  /**
   * @param allowedLateness how long after a window's end late readings still update it (the gate's
   *     lateness plus the margin the kit keeps for a restarted clock)
   */
  public TelemetryStats(String deviceSql, String siteSql, Duration allowedLateness) {
    this.deviceSql = deviceSql;
    this.siteSql = siteSql;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public PCollectionTuple expand(PCollection<MetricReading> readings) {
    PCollection<Row> rows =
        readings
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptors.rows())
                    .via(
                        (MetricReading r) ->
                            Row.withSchema(ROW)
                                .addValues(
                                    r.device(),
                                    r.site(),
                                    r.metric(),
                                    new org.joda.time.Instant(r.time()),
                                    r.value())
                                .build()))
            .setRowSchema(ROW)
            .apply("Triggering", SqlPanes.onTimeThenPerLateRow(allowedLateness));
    PCollection<KV<String, String>> devices =
        rows.apply("DeviceStatsSql", SqlTransform.query(deviceSql))
            .apply("DeviceStatsJson", ParDo.of(json("device")));
    PCollection<KV<String, String>> sites =
        rows.apply("SiteStatsSql", SqlTransform.query(siteSql))
            .apply("SiteStatsJson", ParDo.of(json("site")));
    // Two outputs, not one flattened: their windows differ (tumbling and sliding).
    return PCollectionTuple.of(DEVICES, devices).and(SITES, sites);
  }

  private static SqlRowJsonFn json(String key) {
    return new SqlRowJsonFn(key, key, IotMetrics.NAMESPACE, IotMetrics.STATS_ROWS);
  }
}
