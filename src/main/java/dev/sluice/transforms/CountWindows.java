package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.event.LateEvent;
import dev.sluice.event.LateEventCoder;
import dev.sluice.time.SettlingClock;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Count-based sliding windows per event key: W_i = the key's events at positions i*D+1 .. i*D+L in
 * event-time order, emitted once each as {@link #WINDOWS}; events that fell behind positions
 * already numbered go to {@link #LATE}. See docs/windowing.md for the exact semantics and {@link
 * CountWindowFn} for the machine.
 *
 * <p>Every event in is counted in exactly one of: windowed (in at least one emitted window),
 * skipped, incomplete, late, pending ({@link SluiceMetrics#COUNT_IN}).
 */
public final class CountWindows extends PTransform<PCollection<Event>, PCollectionTuple> {

  public static final TupleTag<CountWindow> WINDOWS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /**
   * @param length L, events per window
   * @param slide D, positions between window starts
   * @param idleMillis event time after a key's newest event at which the key is forgotten
   */
  public record Settings(long length, long slide, long idleMillis) implements java.io.Serializable {
    public Settings {
      if (length <= 0 || slide <= 0 || idleMillis <= 0) {
        throw new IllegalArgumentException(
            "count windows need length > 0, slide > 0 and idle > 0, not "
                + length
                + ", "
                + slide
                + ", "
                + idleMillis
                + " ms");
      }
    }

    /** Whether position p (1-based) is in some W_i: always when L >= D, else not in the gaps. */
    public boolean inSomeWindow(long p) {
      return (p - 1) % slide < length;
    }

    /** The i whose W_i ends at position p, or -1. */
    public long windowEndingAt(long p) {
      return p >= length && (p - length) % slide == 0 ? (p - length) / slide : -1;
    }

    /** Positions of W_i in no earlier window: all L for W_0, then min(L, D). */
    public long newlyWindowed(long i) {
      return i == 0 ? length : Math.min(length, slide);
    }
  }

  private final SettlingClock clock;
  private final Settings settings;
  private final SerializableFunction<Event, Double> value;

  /**
   * @param clock when event time has settled behind the gate in front (events wait for it)
   * @param value the number each event contributes
   */
  public CountWindows(
      SettlingClock clock, Settings settings, SerializableFunction<Event, Double> value) {
    this.clock = clock;
    this.settings = settings;
    this.value = value;
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    PCollectionTuple out =
        events
            .apply("KeyByEventKey", ParDo.of(new KeyAndCountFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
            .apply("NumberPositions", ParDo.of(new CountWindowFn(clock, settings, value)))
            .setCoder(CountWindowFn.OutCoder.of())
            .apply(
                "SplitLate",
                ParDo.of(new SplitFn()).withOutputTags(WINDOWS, TupleTagList.of(LATE)));
    out.get(WINDOWS).setCoder(CountWindow.Coder.of());
    out.get(LATE).setCoder(LateEventCoder.of());
    return out;
  }

  /** Counts each event in, as pending until the machine decides it. */
  static final class KeyAndCountFn extends DoFn<Event, KV<String, Event>> {
    private final Counter in = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_IN);
    private final Counter pending =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.COUNT_PENDING);

    @ProcessElement
    public void process(@Element Event e, OutputReceiver<KV<String, Event>> out) {
      in.inc();
      pending.inc();
      out.output(KV.of(e.key(), e));
    }
  }

  static final class SplitFn extends DoFn<CountWindowFn.Out, CountWindow> {
    @ProcessElement
    public void process(@Element CountWindowFn.Out o, MultiOutputReceiver out) {
      if (o.window() != null) {
        out.get(WINDOWS).output(o.window());
      } else {
        out.get(LATE).output(o.late());
      }
    }
  }
}
