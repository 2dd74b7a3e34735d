package dev.sluice.jdbc;

import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Upserts each element as one row through Beam's JdbcIO (batched statements; a failed batch is
 * retried by the runner with the bundle, and the upsert makes the retry harmless).
 *
 * <p>A database that goes away is waited for, up to the target's outage timeout: opening a
 * connection retries with back-off ({@link ReconnectingDataSource}), and a batch whose connection
 * broke is retried on a new one (the retry strategy). The write blocks meanwhile, which holds the
 * input back in Kafka; retries are counted in {@code db_retries}.
 */
public final class WriteUpserts<T> extends PTransform<PCollection<T>, PDone> {

  /** Rows sent to the database (each pane once; a retried batch counts again). */
  public static final String ROWS_UPSERTED = "db_rows_upserted";

  /** Connection attempts and batches repeated while the database was unreachable. */
  public static final String RETRIES = Outages.RETRIES;

  /**
   * How often JdbcIO retries one batch whose connection broke, pausing about 1 s, growing by half
   * each time; the wait for the database itself happens while reconnecting, bounded by the timeout.
   */
  static final int BATCH_RETRIES = 10;

  private final JdbcTarget target;
  private final Upsert<T> upsert;

  public WriteUpserts(JdbcTarget target, Upsert<T> upsert) {
    this.target = target;
    this.upsert = upsert;
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    // A row needs no window, and JdbcIO batches in a stateful step, which Flink refuses in
    // merging windows (sessions).
    rows.apply("CountRows", ParDo.of(new CountFn<>()))
        .setCoder(rows.getCoder())
        .apply("GlobalWindow", Window.into(new GlobalWindows()))
        .apply(
            "Upsert",
            JdbcIO.<T>write()
                .withDataSourceProviderFn(ReconnectingDataSource.provider(target))
                .withStatement(upsert.sql())
                .withPreparedStatementSetter(upsert::bind)
                .withRetryStrategy(Outages.retryStrategy(target.url()))
                .withRetryConfiguration(
                    JdbcIO.RetryConfiguration.create(
                        BATCH_RETRIES,
                        Duration.millis(target.outageTimeout().toMillis()),
                        Duration.standardSeconds(1))));
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
