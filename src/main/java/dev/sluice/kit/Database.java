package dev.sluice.kit;

import dev.sluice.jdbc.JdbcTarget;
import dev.sluice.jdbc.WriteUpserts;
import dev.sluice.time.Durations;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;

/** The database a pipeline's results go to besides Kafka, when {@code --jdbcUrl} names one. */
public final class Database {

  /** The step a pipeline that stores results in the database names its write. */
  public static final String STEP = "WriteDatabase";

  private Database() {}

  /**
   * The database the options name, reachable and with the pipeline's tables created from {@code
   * pipelines/NAME/schema.sql}; null when {@code --jdbcUrl} is empty.
   */
  public static JdbcTarget target(String pipeline, DatabaseOptions options) {
    if (options.getJdbcUrl().isBlank()) {
      return null;
    }
    JdbcTarget target =
        JdbcTarget.of(options.getJdbcUrl(), options.getJdbcCredentialsFile())
            .withOutageTimeout(
                Durations.parsePositive("--jdbcOutageTimeout", options.getJdbcOutageTimeout()));
    target.apply(PipelineResources.text(pipeline + "/schema.sql"));
    return target;
  }

  /** A flag no step uses is refused rather than ignored. */
  static void checkUsed(String name, Pipeline pipeline, DatabaseOptions options) {
    if (options.getJdbcUrl().isBlank()) {
      return;
    }
    boolean[] found = {false};
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            found[0] |= node.getFullName().endsWith(STEP);
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    if (!found[0]) {
      throw new IllegalArgumentException(
          "--jdbcUrl: "
              + name
              + " has no database table yet (windowed-aggregate's time windows have);"
              + " drop --jdbcUrl");
    }
  }

  /** The counter of rows sent, for summaries. */
  public static final String ROWS_UPSERTED = WriteUpserts.ROWS_UPSERTED;

  /** The counter of retries while the database was unreachable, for summaries. */
  public static final String RETRIES = WriteUpserts.RETRIES;
}
