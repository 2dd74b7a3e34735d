package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Results also upserted into PostgreSQL, for queries and dashboards (off when the URL is empty).
 */
public interface DatabaseOptions extends PipelineOptions {

  @Description(
      "Also upsert the results into this PostgreSQL database, e.g."
          + " jdbc:postgresql://127.0.0.1:5439/sluice: one row per result (a later pane replaces an"
          + " earlier one); tables from pipelines/NAME/schema.sql, created if missing. Empty: Kafka"
          + " only.")
  @Default.String("")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description(
      "A properties file with user= and password= lines for --jdbcUrl (credentials never go on the"
          + " command line; scripts/postgres start writes one).")
  @Default.String("")
  String getJdbcCredentialsFile();

  void setJdbcCredentialsFile(String value);

  @Description(
      "How long a write waits for an unreachable --jdbcUrl database (retrying with back-off up to"
          + " every 5s; the input waits in Kafka meanwhile) before the run fails, e.g. 30s, 5m, 1h.")
  @Default.String("5m")
  String getJdbcOutageTimeout();

  void setJdbcOutageTimeout(String value);
}
