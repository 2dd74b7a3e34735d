package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * A user's aggregation query ({@code --sql FILE}), checked at launch: it plans against {@link
 * #INPUT_SCHEMA}, aggregates, outputs {@code event_key} and only columns JSON can hold. Whatever
 * else it outputs becomes fields of the result ({@link QueryResult}).
 */
public final class UserQuery implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What a user query sees: one row per admitted event, windowed by the pipeline. */
  public static final Schema INPUT_SCHEMA =
      Schema.builder()
          .addStringField("event_key")
          .addDoubleField("event_value")
          .addStringField("event_id")
          .addStringField("event_source")
          .addStringField("event_type")
          .addNullableField("event_subject", Schema.FieldType.STRING)
          .addDateTimeField("event_time")
          .build();

  /** The key column every query must output (it becomes the result's {@code key}). */
  public static final String KEY = "event_key";

  /** Output types a JSON field can hold (DATETIME as an ISO-8601 string). */
  private static final Set<Schema.TypeName> JSON_TYPES =
      Set.of(
          Schema.TypeName.BYTE,
          Schema.TypeName.INT16,
          Schema.TypeName.INT32,
          Schema.TypeName.INT64,
          Schema.TypeName.FLOAT,
          Schema.TypeName.DOUBLE,
          Schema.TypeName.DECIMAL,
          Schema.TypeName.STRING,
          Schema.TypeName.BOOLEAN,
          Schema.TypeName.DATETIME);

  private final String sql;
  private final Schema output;

  private UserQuery(String sql, Schema output) {
    this.sql = sql;
    this.output = output;
  }

  /** Reads and checks the query in {@code file}; refuses it in one line naming flag and file. */
  public static UserQuery load(String file) {
    String sql;
    try {
      sql = Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("--sql " + file + ": cannot read it (" + e + ")");
    }
    return of("--sql " + file, sql);
  }

  /**
   * @param origin where the query came from, first in every refusal (e.g. "--sql my.sql")
   */
  public static UserQuery of(String origin, String sql) {
    Pipeline scratch = Pipeline.create(PipelineOptionsFactory.create());
    Schema output;
    try {
      output =
          scratch
              .apply(Create.empty(INPUT_SCHEMA))
              .apply("Query", SqlTransform.query(sql))
              .getSchema();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(origin + ": " + innermostMessage(e), e);
    }
    if (!aggregates(scratch)) {
      throw new IllegalArgumentException(
          origin + ": the query must aggregate per key (GROUP BY " + KEY + ")");
    }
    if (!output.hasField(KEY)) {
      throw new IllegalArgumentException(
          origin + ": the query must output " + KEY + " (the key of each result)");
    }
    if (output.getField(KEY).getType().getTypeName() != Schema.TypeName.STRING) {
      throw new IllegalArgumentException(
          origin + ": " + KEY + " must stay a string, not " + output.getField(KEY).getType());
    }
    for (Schema.Field f : output.getFields()) {
      if (!JSON_TYPES.contains(f.getType().getTypeName())) {
        throw new IllegalArgumentException(
            origin
                + ": column "
                + f.getName()
                + " has type "
                + f.getType()
                + ", which a JSON field cannot hold (use numbers, strings, booleans, timestamps)");
      }
      if (!f.getName().equals(KEY) && QueryResult.ENVELOPE.contains(f.getName())) {
        throw new IllegalArgumentException(
            origin
                + ": column "
                + f.getName()
                + " would clash with the result's own field of that name; rename it");
      }
    }
    return new UserQuery(sql, output);
  }

  /** Whether the planned query groups (an aggregation or DISTINCT), not a per-event projection. */
  private static boolean aggregates(Pipeline planned) {
    boolean[] grouped = {false};
    planned.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            grouped[0] |= node.getTransform() instanceof GroupByKey;
          }
        });
    return grouped[0];
  }

  /**
   * Calcite's own words, not Beam's wrappers: the innermost message that says where ("From line 1,
   * column 23 to line 1, column 33: Column 'x' not found in any table"), else the innermost.
   */
  private static String innermostMessage(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        messages.add(0, t.getMessage().strip().lines().findFirst().orElse(""));
      }
    }
    return messages.stream()
        .filter(m -> m.contains("line "))
        .findFirst()
        .orElse(messages.isEmpty() ? e.getClass().getSimpleName() : messages.get(0));
  }

  public String sql() {
    return sql;
  }

  /** The query's output columns, in order; {@link #KEY} among them. */
  public Schema output() {
    return output;
  }

  /** The input row of one event; {@code value} is its reading. */
  static Row row(Event e, double value) {
    return Row.withSchema(INPUT_SCHEMA)
        .addValues(
            e.key(),
            value,
            e.id(),
            e.source(),
            e.type(),
            e.subject(),
            new Instant(e.eventTimeMillis()))
        .build();
  }
}
