package dev.sluice.pipelines.clickstream;

import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.SqlPanes;
import dev.sluice.transforms.SqlRowJsonFn;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The funnel per user ({@link TrackFunnelsFn}): one JSON record per funnel that ended ({@link
 * #FUNNELS}), and per hour of event time the step counts and conversion rates of the funnels that
 * ended in it, in Beam SQL ({@code funnel-stats.sql}, {@link #STATS}). A funnel is emitted at its
 * end time with the watermark held there, so the hourly windows never see it late.
 */
public final class TrackFunnels extends PTransform<PCollection<Click>, PCollectionTuple> {

  public static final TupleTag<KV<String, String>> FUNNELS = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> STATS = new TupleTag<>() {};
  static final String STATS_ROWS = "funnel_stats_rows";

  static final Schema ROW =
      Schema.builder().addDateTimeField("ended_at").addInt32Field("reached").build();

  private final String statsSql;
  private final SettlingClock clock;
  private final Duration stepTimeout;

  public TrackFunnels(String statsSql, SettlingClock clock, Duration stepTimeout) {
    this.statsSql = statsSql;
    this.clock = clock;
    this.stepTimeout = stepTimeout;
  }

  @Override
  public PCollectionTuple expand(PCollection<Click> clicks) {
    PCollection<Funnel> funnels =
        clicks
            .apply("KeyByUser", WithKeys.of(Click::user).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ClickCoder.of()))
            .apply("FollowFunnel", ParDo.of(new TrackFunnelsFn(clock, stepTimeout.getMillis())))
            .setCoder(SerializableCoder.of(Funnel.class));
    PCollection<KV<String, String>> json =
        funnels
            .apply(
                "FunnelJson",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via((Funnel f) -> KV.of(f.user(), f.toJson())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<KV<String, String>> stats =
        funnels
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptors.rows())
                    .via(
                        (Funnel f) ->
                            Row.withSchema(ROW)
                                .addValues(new Instant(f.endedAt()), f.reached().ordinal())
                                .build()))
            .setRowSchema(ROW)
            // No lateness: a funnel comes at its end time with the watermark held there.
            .apply("Triggering", SqlPanes.onTimeThenPerLateRow(Duration.ZERO))
            .apply("FunnelStatsSql", SqlTransform.query(statsSql))
            .apply(
                "FunnelStatsJson",
                ParDo.of(new SqlRowJsonFn("funnel", null, ClickMetrics.NAMESPACE, STATS_ROWS)));
    return PCollectionTuple.of(FUNNELS, json).and(STATS, stats);
  }
}
