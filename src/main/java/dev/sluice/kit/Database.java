package dev.sluice.kit;

import dev.sluice.jdbc.JdbcTarget;
import dev.sluice.jdbc.WriteUpserts;
import dev.sluice.time.Durations;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollectionTuple;

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

  /**
   * Upserts the outputs that name {@link ResultTable}s into the database {@code --jdbcUrl} names,
   * if any (pipelines/NAME/schema.sql creates the tables first).
   */
  public static void store(
      String pipeline,
      DatabaseOptions options,
      PCollectionTuple outputs,
      List<WriteOutputs.Output<?>> declared) {
    if (options.getJdbcUrl().isBlank() || !StoreOutputs.anyStored(declared)) {
      return;
    }
    outputs.apply(STEP, new StoreOutputs(target(pipeline, options), declared));
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
              + " stores no results in a database in this configuration (no output with a table"
              + " is written): drop --jdbcUrl");
    }
  }

  /** The counter of rows sent, for summaries. */
  public static final String ROWS_UPSERTED = WriteUpserts.ROWS_UPSERTED;

  /** The counter of retries while the database was unreachable, for summaries. */
  public static final String RETRIES = WriteUpserts.RETRIES;
}
