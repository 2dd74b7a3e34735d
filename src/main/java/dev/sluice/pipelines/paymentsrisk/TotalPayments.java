package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.transforms.SqlPanes;
import dev.sluice.transforms.SqlRowJsonFn;
import java.io.Serializable;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Hourly totals of the decisions in Beam SQL: per merchant ({@code merchant-totals.sql}, keyed by
 * merchant) and per tier ({@code tier-totals.sql}, keyed by tier), one JSON record per result with
 * its window and pane, told apart by the {@code stats} field ({@code merchant} or {@code tier}).
 * Amounts are summed in cents, so a total is exact whatever order the runner adds in.
 */
public final class TotalPayments
    extends PTransform<PCollection<ScoredPayment>, PCollection<KV<String, String>>> {

  /** The queries, from {@code pipelines/payments-risk}. */
  public record Queries(String merchants, String tiers) implements Serializable {}

  static final Schema ROW =
      Schema.builder()
          .addStringField("card")
          .addStringField("merchant")
          .addStringField("tier")
          .addInt64Field("amount_cents")
          .addDateTimeField("paid_at")
          .build();

  private final Queries queries;
  private final Duration allowedLateness;

  /**
   * @param allowedLateness how long after a window's end a decision still updates it: a decision
   *     comes at its payment's time with the watermark held there, but a payment the gate admitted
   *     late (within its lateness) may already be behind the watermark
   */
  public TotalPayments(Queries queries, Duration allowedLateness) {
    this.queries = queries;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<ScoredPayment> decisions) {
    PCollection<Row> rows =
        decisions
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptors.rows())
                    .via(
                        (ScoredPayment p) ->
                            Row.withSchema(ROW)
                                .addValues(
                                    p.card(),
                                    p.merchant() == null ? "" : p.merchant(),
                                    p.tier().label(),
                                    Math.round(p.amount() * 100),
                                    new Instant(p.time()))
                                .build()))
            .setRowSchema(ROW)
            .apply("Triggering", SqlPanes.onTimeThenPerLateRow(allowedLateness));
    PCollection<KV<String, String>> merchants =
        rows.apply("MerchantTotalsSql", SqlTransform.query(queries.merchants()))
            .apply("MerchantTotalsJson", ParDo.of(json("merchant")));
    PCollection<KV<String, String>> tiers =
        rows.apply("TierTotalsSql", SqlTransform.query(queries.tiers()))
            .apply("TierTotalsJson", ParDo.of(json("tier")));
    // Both hourly tumbling windows, so one topic takes both.
    return PCollectionList.of(merchants).and(tiers).apply("Totals", Flatten.pCollections());
  }

  private static SqlRowJsonFn json(String key) {
    return new SqlRowJsonFn(key, key, RiskMetrics.NAMESPACE, RiskMetrics.TOTALS_ROWS);
  }
}
