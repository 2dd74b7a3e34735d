package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.event.LateEvent;
import dev.sluice.event.LateEventCoder;
import dev.sluice.kafka.EventTimePolicy;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.time.WatermarkKnowledge;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The gate in front of the aggregation: diverts events whose window has already expired to {@link
 * #LATE}, where Beam's GroupByKey would otherwise drop them silently, and drops repeats of a
 * CloudEvent (same source and id). Everything else goes on to {@link #ADMITTED}.
 *
 * <p>Lateness is judged first, per shard of keys, by {@link ClassifyLatenessFn} (a source that
 * knows its watermark, see {@link EventTimePolicy}, has already marked what was late when read), so
 * a copy that arrives after its window expired is late, not a repeat. Repeats are then dropped per
 * event key by {@link DropRepeatsFn}.
 *
 * <p>On a bounded input (batch mode) lateness is only what the source marked, decided without keys
 * or timers by {@link DivertMarkedLateFn}, and repeats are dropped without cleanup timers.
 */
public final class AdmitEvents extends PTransform<PCollection<Event>, PCollectionTuple> {

  public static final TupleTag<Event> ADMITTED = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /** How long a shard's watermark clock keeps ticking after its last window (event time). */
  public static final Duration CLOCK_KEEP_ALIVE = Duration.standardMinutes(10);

  /**
   * What the gate does.
   *
   * @param windows the windowing whose expiry makes an event late
   * @param deduplicate drop repeats of (source, id) within a window's horizon
   * @param captureLate divert expired events to {@link #LATE}
   * @param shards keyed shards of the gate; bounds its parallelism
   * @param clockKeepAlive how long a shard's watermark clock keeps ticking after its last window
   */
  public record Settings(
      EventWindows windows,
      boolean deduplicate,
      boolean captureLate,
      int shards,
      Duration clockKeepAlive)
      implements java.io.Serializable {
    public Settings {
      if (shards < 1) {
        throw new IllegalArgumentException("shards must be >= 1");
      }
    }
  }

  private final EventWindows windows;
  private final boolean deduplicate;
  private final boolean captureLate;
  private final int shards;
  private final Duration keepAlive;
  private final RunnerTraits runner;

  public AdmitEvents(Settings settings, RunnerTraits runner) {
    this.windows = settings.windows();
    this.deduplicate = settings.deduplicate();
    this.captureLate = settings.captureLate();
    this.shards = settings.shards();
    this.keepAlive = settings.clockKeepAlive();
    this.runner = runner;
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    Coder<Event> coder = events.getCoder();
    // A bounded input runs in batch mode: the watermark stays put until all of it is in, so no
    // clock could tick and no window expire meanwhile. Lateness is then what the source marked,
    // and identities need no forgetting; timers would only add a round of work per window.
    boolean batch = events.isBounded() == PCollection.IsBounded.BOUNDED;
    PCollection<LateEvent> late;
    if (captureLate && batch) {
      PCollectionTuple classified =
          events.apply(
              "DivertLate",
              ParDo.of(new DivertMarkedLateFn(windows))
                  .withOutputTags(ADMITTED, TupleTagList.of(LATE)));
      events = classified.get(ADMITTED).setCoder(coder);
      late = classified.get(LATE);
    } else if (captureLate) {
      PCollectionTuple classified =
          keyByShard(events, coder)
              .apply(
                  "DivertLate",
                  ParDo.of(new ClassifyLatenessFn(windows, knowledge(), keepAlive))
                      .withOutputTags(ADMITTED, TupleTagList.of(LATE)));
      events = classified.get(ADMITTED).setCoder(coder);
      late = classified.get(LATE);
    } else {
      late = events.getPipeline().apply("NoLateCapture", Create.empty(LateEventCoder.of()));
    }
    if (deduplicate && batch) {
      events =
          keyByShard(events, coder)
              .apply("DropRepeats", ParDo.of(DropRepeatsFn.inBatch(windows)))
              .setCoder(coder);
    } else if (deduplicate) {
      events =
          events
              .apply(
                  "KeyByEventKey", WithKeys.of(Event::key).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
              .apply("DropRepeats", ParDo.of(DropRepeatsFn.perEventKey(windows)))
              .setCoder(coder);
    }
    PCollection<Event> admitted =
        events.apply("CountAdmitted", ParDo.of(new CountFn())).setCoder(coder);
    return PCollectionTuple.of(ADMITTED, admitted).and(LATE, late);
  }

  /** The event as the late output carries it: with the window it missed and when that expired. */
  public static LateEvent lateEvent(EventWindows windows, Event event) {
    return ClassifyLatenessFn.lateEvent(windows, event);
  }

  /** Events keyed by shard of their event key: a key always lands in the same shard. */
  private PCollection<KV<Integer, Event>> keyByShard(
      PCollection<Event> events, Coder<Event> coder) {
    int n = shards;
    return events
        .apply(
            "KeyByShard",
            WithKeys.of((Event e) -> Math.floorMod(e.key().hashCode(), n))
                .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), coder));
  }

  /** See {@link WatermarkKnowledge} for why the scope depends on the runner. */
  private WatermarkKnowledge knowledge() {
    return runner.watermarkPerInstance()
        ? WatermarkKnowledge.perInstance()
        : WatermarkKnowledge.perJvm();
  }

  private static final class CountFn extends DoFn<Event, Event> {
    private final Counter admitted =
        Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.AGGREGATED);

    @ProcessElement
    public void process(@Element Event event, OutputReceiver<Event> out) {
      admitted.inc();
      out.output(event);
    }
  }
}
