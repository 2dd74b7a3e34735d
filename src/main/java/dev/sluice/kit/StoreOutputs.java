package dev.sluice.kit;

import dev.sluice.event.RawRecord;
import dev.sluice.jdbc.JdbcTarget;
import dev.sluice.jdbc.JsonRows;
import dev.sluice.jdbc.WriteUpserts;
import dev.sluice.transforms.SqlRowJsonFn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Upserts the outputs that name {@link ResultTable}s into the database, each record as the JSON row
 * its table takes. The tables are read from the database when the job is built (their columns and
 * keys come from schema.sql, not from code). An output whose topic is blank is not stored either:
 * the database holds what the topics hold.
 */
final class StoreOutputs extends PTransform<PCollectionTuple, PDone> {

  private final JdbcTarget target;
  private final List<WriteOutputs.Output<?>> outputs;
  private final Set<String> sharedTables;

  StoreOutputs(JdbcTarget target, List<WriteOutputs.Output<?>> outputs) {
    this.target = target;
    this.outputs = new ArrayList<>(outputs);
    this.sharedTables = sharedTables(this.outputs);
  }

  /** Whether any of {@code outputs} is stored. */
  static boolean anyStored(List<WriteOutputs.Output<?>> outputs) {
    return outputs.stream().anyMatch(o -> !o.tables().isEmpty() && !o.topic().isBlank());
  }

  @Override
  public PDone expand(PCollectionTuple tuple) {
    for (WriteOutputs.Output<?> output : outputs) {
      if (!output.topic().isBlank()) {
        store(tuple, output);
      }
    }
    return PDone.in(tuple.getPipeline());
  }

  private <T> void store(PCollectionTuple tuple, WriteOutputs.Output<T> output) {
    if (output.tables().isEmpty()) {
      return;
    }
    String step = WriteOutputs.stepName(output.role());
    PCollection<RawRecord> records =
        tuple
            .get(output.tag())
            .apply(
                step + "ToRecord",
                MapElements.into(TypeDescriptor.of(RawRecord.class)).via(output.asRecord()));
    for (ResultTable table : output.tables()) {
      JdbcTarget.Table described = target.describe(table.name());
      List<String> fields = described.columns().stream().map(SqlRowJsonFn::camel).toList();
      records
          .apply(step + "To_" + table.name(), ParDo.of(new RowFn(table.row())))
          .setCoder(StringUtf8Coder.of())
          .apply(
              // A table several outputs fill (payments' decisions of each tier) gets one write
              // per output, each under its own stable name instead of Beam's numbered repeats.
              sharedTables.contains(table.name())
                  ? step + "Upsert_" + table.name()
                  : "Upsert_" + table.name(),
              new WriteUpserts<>(target, JsonRows.upsert(described, fields, table.version())));
    }
  }

  /** Tables stored from more than one output. */
  private static Set<String> sharedTables(List<WriteOutputs.Output<?>> outputs) {
    Map<String, Integer> uses = new HashMap<>();
    outputs.stream()
        .filter(o -> !o.topic().isBlank())
        .flatMap(o -> o.tables().stream())
        .forEach(t -> uses.merge(t.name(), 1, Integer::sum));
    uses.values().removeIf(n -> n < 2);
    return Set.copyOf(uses.keySet());
  }

  private static final class RowFn extends DoFn<RawRecord, String> {
    private final SerializableFunction<RawRecord, String> row;

    RowFn(SerializableFunction<RawRecord, String> row) {
      this.row = row;
    }

    @ProcessElement
    public void process(@Element RawRecord record, OutputReceiver<String> out) {
      String json = row.apply(record);
      if (json != null) {
        out.output(json);
      }
    }
  }
}
