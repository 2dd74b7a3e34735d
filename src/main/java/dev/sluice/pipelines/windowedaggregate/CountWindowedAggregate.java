package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.LateEventCoder;
import dev.sluice.event.RawRecord;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.CountWindow;
import dev.sluice.transforms.CountWindows;
import dev.sluice.transforms.ParseEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * windowed-aggregate with {@code --countWindow}: raw records in; count windows, dead letters and
 * late events out. The same parse and gate as {@link WindowedAggregate}; the gate's windows only
 * say when event time has settled, so the count machine may number a key's events in order. Late
 * events are the gate's (window expired) and the machine's (behind a numbered position).
 */
public final class CountWindowedAggregate
    extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<CountWindow> RESULTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = WindowedAggregate.DEAD_LETTERS;
  public static final TupleTag<LateEvent> LATE = WindowedAggregate.LATE;

  private final EventParser parser;
  private final ReadingExtractor reading;
  private final AdmitEvents.Settings admission;
  private final CountWindows.Settings counting;
  private final RunnerTraits runner;

  public CountWindowedAggregate(
      EventParser parser,
      ReadingExtractor reading,
      AdmitEvents.Settings admission,
      CountWindows.Settings counting,
      RunnerTraits runner) {
    this.parser = parser;
    this.reading = reading;
    this.admission = admission;
    this.counting = counting;
    this.runner = runner;
  }

  /** The count settings from the options; refuses bad combinations in one line. */
  static CountWindows.Settings settings(WindowedAggregatePipeline.Options options) {
    long length = options.getCountWindow();
    long slide = options.getCountSlide();
    if (length < 0 || slide < 0) {
      throw new IllegalArgumentException(
          "--countWindow and --countSlide must be positive (0: off / D = L)");
    }
    if (length == 0) {
      throw new IllegalArgumentException("--countSlide needs --countWindow");
    }
    if (!"auto".equals(options.getAggregation()) && !"combine".equals(options.getAggregation())) {
      throw new IllegalArgumentException(
          "--countWindow aggregates by count: drop --aggregation=" + options.getAggregation());
    }
    if (!options.getEarlyFiring().isBlank()) {
      throw new IllegalArgumentException(
          "--countWindow emits each window once, complete; --earlyFiring does not apply");
    }
    if (!"fixed".equals(options.getWindowing())) {
      throw new IllegalArgumentException(
          "--countWindow counts events, not time: drop --windowing=" + options.getWindowing());
    }
    long idle =
        Durations.parsePositive("--countIdleTimeout", options.getCountIdleTimeout()).toMillis();
    return new CountWindows.Settings(length, slide == 0 ? length : slide, idle);
  }

  /** The gate's fixed windows: they only say when event time has settled (late, repeats). */
  static EventWindows gateWindows(WindowedAggregatePipeline.Options options) {
    // Fixed windows (count mode refuses the others): the gate's lateness, the wait to number.
    return TimeWindowing.of(options);
  }

  /** windowed-aggregate's pipeline in count mode: the time-window build with this in the middle. */
  static Pipeline build(WindowedAggregatePipeline.Options options) {
    CountWindows.Settings counting = settings(options);
    ReadingExtractor reading = new ReadingExtractor(options.getValueField());
    EventParser parser = Ingest.parser(options).requiring(reading);
    EventWindows windows = gateWindows(options);
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple outputs =
        pipeline
            .apply("ReadEvents", Ingest.read(options, parser, windows, options.getCaptureLate()))
            .apply(
                "CountWindowedAggregate",
                new CountWindowedAggregate(
                    parser,
                    reading,
                    WindowedAggregatePipeline.admission(options, windows),
                    counting,
                    RunnerTraits.of(options)));
    outputs.apply(
        "WriteOutputs",
        new WriteOutputs(
            Ingest.sink(options),
            List.of(
                WriteOutputs.Output.text(
                    "results", RESULTS, options.getOutputTopic(), w -> KV.of(w.key(), w.toJson())),
                WriteOutputs.Output.deadLetters(DEAD_LETTERS, options.getDeadLetterTopic()),
                WriteOutputs.Output.late(
                    LATE, options.getCaptureLate() ? options.getLateTopic() : ""))));
    return pipeline;
  }

  /** The demo's screen in count mode: windows per key and the latest windows of each. */
  static void show(List<String> resultJson, java.io.PrintStream out, int rows) {
    Map<String, List<CountWindow>> byKey = new TreeMap<>();
    resultJson.forEach(
        j -> {
          CountWindow w = CountWindow.fromJson(j);
          byKey.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
        });
    out.printf(
        "%nresults: %d count windows for %d keys; the latest:%n", resultJson.size(), byKey.size());
    out.printf(
        "  %-12s %6s %13s %-24s %10s %8s %8s %8s%n",
        "key", "window", "positions", "last event", "sum", "min", "max", "avg");
    byKey.values().stream()
        .map(ws -> ws.stream().max(Comparator.comparingLong(CountWindow::index)).orElseThrow())
        .limit(rows)
        .forEach(
            w ->
                out.printf(
                    "  %-12s %6d %13s %-24s %10.2f %8.2f %8.2f %8.2f%n",
                    w.key(),
                    w.index(),
                    w.firstPosition() + ".." + w.lastPosition(),
                    w.lastTime(),
                    w.sum(),
                    w.min(),
                    w.max(),
                    w.avg()));
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed = records.apply("ParseEvents", new ParseEvents(parser, reading));
    PCollection<Event> events = parsed.get(ParseEvents.VALID);
    PCollection<LateEvent> gateLate;
    if (admission.deduplicate() || admission.captureLate()) {
      PCollectionTuple admitted = events.apply("AdmitEvents", new AdmitEvents(admission, runner));
      events = admitted.get(AdmitEvents.ADMITTED);
      gateLate = admitted.get(AdmitEvents.LATE);
    } else {
      gateLate = records.getPipeline().apply("NoAdmission", Create.empty(LateEventCoder.of()));
    }
    ReadingExtractor value = reading;
    PCollectionTuple counted =
        events.apply(
            "CountWindows",
            new CountWindows(new SettlingClock(admission.windows()), counting, value::read));
    PCollection<LateEvent> late =
        PCollectionList.of(gateLate)
            .and(counted.get(CountWindows.LATE))
            .apply("AllLate", Flatten.pCollections());
    return PCollectionTuple.of(RESULTS, counted.get(CountWindows.WINDOWS))
        .and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID))
        .and(LATE, late);
  }
}
