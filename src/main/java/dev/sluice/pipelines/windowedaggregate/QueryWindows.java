package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.event.Rfc3339;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.ReadableInstant;

/**
 * Runs a user's query ({@code --sql}) per key and event-time window: the windows, trigger and
 * lateness of {@link AggregateWindows}, one input row per event ({@link UserQuery#INPUT_SCHEMA}),
 * and each output row becomes a {@link QueryResult} with the window and pane SQL cannot see.
 */
public final class QueryWindows extends PTransform<PCollection<Event>, PCollection<QueryResult>> {

  private final AggregateWindows windowing;
  private final ReadingExtractor reading;
  private final UserQuery query;

  QueryWindows(AggregateWindows windowing, ReadingExtractor reading, UserQuery query) {
    this.windowing = windowing;
    this.reading = reading;
    this.query = query;
  }

  @Override
  public PCollection<QueryResult> expand(PCollection<Event> events) {
    ReadingExtractor reading = this.reading;
    return windowing
        .windowed(events)
        .apply(
            "ToRows",
            MapElements.into(TypeDescriptors.rows())
                .via((Event e) -> UserQuery.row(e, reading.read(e))))
        .setRowSchema(UserQuery.INPUT_SCHEMA)
        .apply("Query", SqlTransform.query(query.sql()))
        .apply("ToQueryResult", ParDo.of(new RowToQueryResultFn()));
  }

  /** Adds the window bounds and the pane to a query's output row. */
  static final class RowToQueryResultFn extends DoFn<Row, QueryResult> {
    private final Counter panesOut =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.PANES_OUT);

    @ProcessElement
    public void process(
        @Element Row row, IntervalWindow window, PaneInfo pane, OutputReceiver<QueryResult> out) {
      panesOut.inc();
      LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
      for (Schema.Field f : row.getSchema().getFields()) {
        if (!f.getName().equals(UserQuery.KEY)) {
          Object v = row.getValue(f.getName());
          fields.put(
              f.getName(), v instanceof ReadableInstant t ? Rfc3339.format(t.getMillis()) : v);
        }
      }
      out.output(
          new QueryResult(
              row.getString(UserQuery.KEY),
              Instant.ofEpochMilli(window.start().getMillis()),
              Instant.ofEpochMilli(window.end().getMillis()),
              fields,
              pane.getTiming().name(),
              pane.getIndex(),
              pane.isLast()));
    }
  }
}
