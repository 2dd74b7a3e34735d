package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.time.EventWindows;
import dev.sluice.transforms.SluiceMetrics;
import java.time.Instant;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Per key, aggregates event values in event-time windows (fixed, sliding or sessions): count, sum,
 * min, max and mean.
 *
 * <p>Two equivalent ways: a hand-written {@code Combine.perKey} (the default: the runner folds each
 * reading into a four-number accumulator held in state) or Beam SQL over rows (the pipeline's
 * declarative query: Rows, Calcite's plan and generic field combiners, much slower on Flink; its
 * AVG is rounded to 9 decimals).
 *
 * <p>The trigger fires at the watermark, optionally early (processing time after the first element
 * of a pane), and once per late element (per bundle of them) within the allowed lateness. Panes
 * accumulate, so each pane carries the full result so far. An on-time pane fires only when
 * non-empty: Flink fires the on-time and garbage-collection timers separately, and an empty pane
 * makes SQL's SUM/MIN/MAX null.
 */
public final class AggregateWindows
    extends PTransform<PCollection<Event>, PCollection<WindowResult>> {

  /** What the SQL sees: one row per event. */
  public static final Schema INPUT_SCHEMA =
      Schema.builder().addStringField("event_key").addDoubleField("event_value").build();

  private final ReadingExtractor reading;
  private final EventWindows windows;
  private final Duration earlyFiring;
  private final Duration allowedLateness;
  private final String sql;

  private AggregateWindows(
      ReadingExtractor reading,
      EventWindows windows,
      Duration earlyFiring,
      Duration allowedLateness,
      String sql) {
    this.reading = reading;
    this.windows = windows;
    this.earlyFiring = earlyFiring;
    this.allowedLateness = allowedLateness;
    this.sql = sql;
  }

  /**
   * @param reading the number each event contributes (read again from its data)
   * @param windows how windows are cut (their own allowed lateness is the gate's, not used here)
   * @param earlyFiring processing-time delay for early panes, or null for none
   * @param allowedLateness the GroupByKey's allowed lateness
   */
  public static AggregateWindows combining(
      ReadingExtractor reading,
      EventWindows windows,
      Duration earlyFiring,
      Duration allowedLateness) {
    return new AggregateWindows(reading, windows, earlyFiring, allowedLateness, null);
  }

  /**
   * @param reading the number each event contributes (read again from its data)
   * @param earlyFiring processing-time delay for early panes, or null for none
   * @param sql a query over {@code PCOLLECTION(event_key, event_value)} grouping by {@code
   *     event_key} and producing {@code cnt, sum_value, min_value, max_value, avg_value}
   */
  public static AggregateWindows withSql(
      ReadingExtractor reading,
      EventWindows windows,
      Duration earlyFiring,
      Duration allowedLateness,
      String sql) {
    return new AggregateWindows(reading, windows, earlyFiring, allowedLateness, sql);
  }

  /**
   * A user's query ({@code --sql}) instead of the fixed aggregates: the same windows and panes,
   * results with the query's columns.
   */
  public static QueryWindows querying(
      ReadingExtractor reading,
      EventWindows windows,
      Duration earlyFiring,
      Duration allowedLateness,
      UserQuery query) {
    return new QueryWindows(
        new AggregateWindows(reading, windows, earlyFiring, allowedLateness, null), reading, query);
  }

  @Override
  public PCollection<WindowResult> expand(PCollection<Event> events) {
    PCollection<Event> windowed = windowed(events);
    return sql == null ? summarize(windowed, reading) : query(windowed, reading);
  }

  /** Assigns windows, trigger and lateness; the first steps of every aggregation. */
  PCollection<Event> windowed(PCollection<Event> events) {
    PCollection<Event> windowed = events.apply(stepName(windows.kind()), windowing());
    if (windows.kind() != EventWindows.Kind.FIXED) {
      // Fixed windows keep their step names (savepoints); one window per event needs no count.
      windowed =
          windowed
              .apply("CountWindowMemberships", ParDo.of(new CountMembershipsFn()))
              .setCoder(events.getCoder());
    }
    return windowed;
  }

  private static String stepName(EventWindows.Kind kind) {
    switch (kind) {
      case SLIDING:
        return "SlidingWindows";
      case SESSION:
        return "Sessions";
      default:
        return "FixedWindows";
    }
  }

  private static PCollection<WindowResult> summarize(
      PCollection<Event> events, ReadingExtractor reading) {
    return events
        .apply("ToReadings", toReadings(reading))
        .apply("SummarizePerKey", Combine.perKey(new ReadingStats.Summarize()))
        .apply("ToWindowResult", ParDo.of(new StatsToWindowResultFn()));
  }

  /** Each event as (its key, the number it contributes): what both hand-written paths fold. */
  static MapElements<Event, KV<String, Double>> toReadings(ReadingExtractor reading) {
    return MapElements.into(
            TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
        .via((Event e) -> KV.of(e.key(), reading.read(e)));
  }

  private PCollection<WindowResult> query(PCollection<Event> events, ReadingExtractor reading) {
    return events
        .apply(
            "ToRows",
            MapElements.into(TypeDescriptors.rows())
                .via(
                    (Event e) ->
                        Row.withSchema(INPUT_SCHEMA).addValues(e.key(), reading.read(e)).build()))
        .setRowSchema(INPUT_SCHEMA)
        .apply("AggregateSql", SqlTransform.query(sql))
        .apply("ToWindowResult", ParDo.of(new RowToWindowResultFn()));
  }

  Window<Event> windowing() {
    // Without early panes, Beam's default trigger gives the same panes as AfterWatermark with a
    // late firing per element (it fires whenever the watermark is past the window's end), but keeps
    // no trigger state: one state read and write less per element.
    Trigger trigger =
        earlyFiring == null
            ? DefaultTrigger.of()
            : AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(
                    AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring))
                .withLateFirings(AfterPane.elementCountAtLeast(1));
    return Window.<Event>into(windows.windowFn())
        .triggering(trigger)
        .withAllowedLateness(allowedLateness)
        .accumulatingFiredPanes()
        .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY);
  }

  private static WindowResult result(
      String key,
      long count,
      double sum,
      double min,
      double max,
      double avg,
      IntervalWindow window,
      PaneInfo pane) {
    return new WindowResult(
        key,
        Instant.ofEpochMilli(window.start().getMillis()),
        Instant.ofEpochMilli(window.end().getMillis()),
        count,
        sum,
        min,
        max,
        avg,
        pane.getTiming().name(),
        pane.getIndex(),
        pane.isLast());
  }

  /**
   * Counts (event, window) pairs going into the grouping: observing the window makes the runner
   * process a sliding event once per window. The accounting checks it is events x windows/event.
   */
  static final class CountMembershipsFn extends DoFn<Event, Event> {
    private final Counter memberships =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.WINDOW_MEMBERSHIPS);

    @ProcessElement
    public void process(@Element Event event, BoundedWindow window, OutputReceiver<Event> out) {
      memberships.inc();
      out.output(event);
    }
  }

  /** Adds the window bounds and the pane to a key's stats. */
  static final class StatsToWindowResultFn extends DoFn<KV<String, ReadingStats>, WindowResult> {
    private final Counter panesOut =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.PANES_OUT);

    @ProcessElement
    public void process(
        @Element KV<String, ReadingStats> kv,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<WindowResult> out) {
      panesOut.inc();
      ReadingStats s = kv.getValue();
      out.output(result(kv.getKey(), s.count(), s.sum(), s.min(), s.max(), s.avg(), window, pane));
    }
  }

  /** Adds what SQL cannot see: the window bounds and the pane. */
  static final class RowToWindowResultFn extends DoFn<Row, WindowResult> {
    private final Counter panesOut =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.PANES_OUT);

    @ProcessElement
    public void process(
        @Element Row row, IntervalWindow window, PaneInfo pane, OutputReceiver<WindowResult> out) {
      panesOut.inc();
      out.output(
          result(
              row.getString("event_key"),
              row.getInt64("cnt"),
              row.getDouble("sum_value"),
              row.getDouble("min_value"),
              row.getDouble("max_value"),
              row.getDouble("avg_value"),
              window,
              pane));
    }
  }
}
