package dev.sluice.jdbc;

import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Upserts each element as one row through Beam's JdbcIO (batched statements; a failed batch is
 * retried by the runner with the bundle, and the upsert makes the retry harmless).
 */
public final class WriteUpserts<T> extends PTransform<PCollection<T>, PDone> {

  /** Rows sent to the database (each pane once; a retried batch counts again). */
  public static final String ROWS_UPSERTED = "db_rows_upserted";

  private final JdbcTarget target;
  private final Upsert<T> upsert;

  public WriteUpserts(JdbcTarget target, Upsert<T> upsert) {
    this.target = target;
    this.upsert = upsert;
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    rows.apply("CountRows", ParDo.of(new CountFn<>()))
        .setCoder(rows.getCoder())
        .apply(
            "Upsert",
            JdbcIO.<T>write()
                .withDataSourceConfiguration(
                    JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", target.url())
                        .withUsername(target.user())
                        .withPassword(target.password()))
                .withStatement(upsert.sql())
                .withPreparedStatementSetter(upsert::bind));
    return PDone.in(rows.getPipeline());
  }

  private static final class CountFn<T> extends DoFn<T, T> {
    private final Counter upserted = Metrics.counter("sluice", ROWS_UPSERTED);

    @ProcessElement
    public void process(@Element T row, OutputReceiver<T> out) {
      upserted.inc();
      out.output(row);
    }
  }
}
