package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.event.LateEventCoder;
import dev.sluice.time.EventWindows;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The same panes as {@link AggregateWindows#combining} without early firings (Beam's default
 * trigger, accumulating, on-time pane only when non-empty), from one state value and one event-time
 * timer per key instead of Beam's state cells and timers per key and window: on Flink that
 * machinery is most of the aggregation's CPU when a key has few events per window.
 *
 * <p>Fixed and sliding windows only (sessions merge, which needs Beam's windowing). A reading whose
 * window's end the watermark has passed gives a LATE pane at once (ON_TIME if readings of that
 * window still wait for it), one per reading, as on Flink; the Direct runner's GroupByKey folds the
 * late readings of one key in one bundle into one pane.
 *
 * <p>With {@link Admission} it is also the gate, in the same step and by the same watermark that
 * closes the windows: an event whose window has expired goes to {@link WindowedAggregate#LATE}, a
 * repeat of a CloudEvent within its horizon is dropped, and every other event is counted in every
 * window it belongs to. One judge means no event can be let through by one step's view of the
 * watermark and find its window gone in the next. Without admission a reading whose window has
 * expired is dropped and counted, as Beam's GroupByKey does.
 */
final class SummarizeWindowsPerKey extends PTransform<PCollection<Event>, PCollectionTuple> {

  /**
   * Key-windows given state, and those whose state was cleared at expiry: open = the difference.
   */
  static final String WINDOWS_OPENED = "keyed_windows_opened";

  static final String WINDOWS_CLOSED = "keyed_windows_closed";

  /**
   * What the step admits.
   *
   * @param deduplicate drop repeats of (source, id) within their horizon
   * @param captureLate send events whose window has expired to {@link WindowedAggregate#LATE}
   */
  record Admission(boolean deduplicate, boolean captureLate) implements java.io.Serializable {
    static final Admission NONE = new Admission(false, false);

    boolean any() {
      return deduplicate || captureLate;
    }
  }

  private final ReadingExtractor reading;
  private final EventWindows windows;
  private final Duration allowedLateness;
  private final Admission admission;

  SummarizeWindowsPerKey(
      ReadingExtractor reading, EventWindows windows, Duration lateness, Admission admission) {
    if (windows.kind() == EventWindows.Kind.SESSION) {
      throw new IllegalArgumentException(
          "--aggregation=keyed keeps fixed and sliding windows; sessions merge: use"
              + " --aggregation=combine");
    }
    this.reading = reading;
    this.windows = windows;
    this.allowedLateness = lateness;
    this.admission = admission;
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    if (!(events.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalStateException(
          "SummarizeWindowsPerKey cuts its own windows: feed it events in the global window");
    }
    PCollectionTuple out =
        events
            .apply("KeyByEventKey", WithKeys.of(Event::key).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), events.getCoder()))
            .apply(
                "SummarizeOpenWindows",
                ParDo.of(new KeyedWindowsFn(reading, windows, allowedLateness, admission))
                    .withOutputTags(
                        WindowedAggregate.RESULTS, TupleTagList.of(WindowedAggregate.LATE)));
    out.get(WindowedAggregate.LATE).setCoder(LateEventCoder.of());
    return out;
  }
}
