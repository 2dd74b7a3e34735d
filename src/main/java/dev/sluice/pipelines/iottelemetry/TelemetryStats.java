package dev.sluice.pipelines.iottelemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
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
    // The queries' TUMBLE and HOP take this trigger, lateness and accumulation with them. An
    // on-time pane only when non-empty: Flink fires on-time and clean-up timers apart, and an
    // empty pane makes SQL's aggregates null.
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
            .apply(
                "Triggering",
                Window.<Row>configure()
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(allowedLateness)
                    .accumulatingFiredPanes()
                    .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY));
    PCollection<KV<String, String>> devices =
        rows.apply("DeviceStatsSql", SqlTransform.query(deviceSql))
            .apply("DeviceStatsJson", ParDo.of(new ToJsonFn("device")));
    PCollection<KV<String, String>> sites =
        rows.apply("SiteStatsSql", SqlTransform.query(siteSql))
            .apply("SiteStatsJson", ParDo.of(new ToJsonFn("site")));
    // Two outputs, not one flattened: their windows differ (tumbling and sliding).
    return PCollectionTuple.of(DEVICES, devices).and(SITES, sites);
  }

  /** A result row as JSON, with what SQL cannot see: the window's end and the pane. */
  static final class ToJsonFn extends DoFn<Row, KV<String, String>> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String keyField;
    private final Counter rows = Metrics.counter(IotMetrics.NAMESPACE, IotMetrics.STATS_ROWS);

    ToJsonFn(String keyField) {
      this.keyField = keyField;
    }

    @ProcessElement
    public void process(
        @Element Row row,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, String>> out) {
      rows.inc();
      ObjectNode node = JSON.createObjectNode();
      node.put("stats", keyField);
      for (Schema.Field f : row.getSchema().getFields()) {
        Object v = row.getValue(f.getName());
        String name = camel(f.getName());
        if (v == null) {
          node.putNull(name);
        } else if (v instanceof Number n && !(v instanceof Double)) {
          node.put(name, n.longValue());
        } else if (v instanceof Double d) {
          node.put(name, Math.round(d * 1e9) / 1e9);
        } else if (v instanceof org.joda.time.ReadableInstant t) {
          node.put(name, Instant.ofEpochMilli(t.getMillis()).toString());
        } else {
          node.put(name, v.toString());
        }
      }
      node.put("windowEnd", Instant.ofEpochMilli(window.end().getMillis()).toString());
      node.put("timing", pane.getTiming().name());
      node.put("pane", pane.getIndex());
      out.output(KV.of(row.getString(keyField), node.toString()));
    }

    private static String camel(String snake) {
      StringBuilder sb = new StringBuilder();
      boolean up = false;
      for (char c : snake.toCharArray()) {
        if (c == '_') {
          up = true;
        } else {
          sb.append(up ? Character.toUpperCase(c) : c);
          up = false;
        }
      }
      return sb.toString();
    }
  }
}
