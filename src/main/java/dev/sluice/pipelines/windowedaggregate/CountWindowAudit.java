package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.OutputLedger;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.CountWindow;
import dev.sluice.transforms.CountWindowFn;
import dev.sluice.transforms.CountWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks what a windowed-aggregate job in count mode committed against its input: each key's
 * admitted events, in event-time order, through the job's own count machine ({@code replay}) give
 * exactly the windows it wrote, byte for byte and once each. A window is judged once its last event
 * has settled by the input's own watermark: every event that could take a position before it is
 * known then, so its numbering can no longer change.
 */
final class CountWindowAudit {

  private final SettlingClock clock;
  private final CountWindows.Settings counting;
  private final ReadingExtractor reading;

  /**
   * @param clock the job's settling clock (its gate's windows)
   */
  CountWindowAudit(SettlingClock clock, CountWindows.Settings counting, ReadingExtractor reading) {
    this.clock = clock;
    this.counting = counting;
    this.reading = reading;
  }

  /** The audit of a job run with these options, read from its topics. */
  static CountWindowReport audit(WindowedAggregatePipeline.Options options) {
    if (!options.getDeduplicate()) {
      // The recomputation counts each (source, id) once, as the job's gate does when it drops them.
      throw new IllegalArgumentException("the count-window audit needs --deduplicate=true");
    }
    ReadingExtractor reading = new ReadingExtractor(options.getValueField());
    AuditedInput input = AuditedInput.read(options, Ingest.parser(options).requiring(reading));
    return new CountWindowAudit(
            new SettlingClock(CountWindowedAggregate.gateWindows(options)),
            CountWindowedAggregate.settings(options),
            reading)
        .audit(
            input, TopicSnapshot.values(options.getBootstrapServers(), options.getOutputTopic()));
  }

  /** Compares the windows the admitted events make with {@code written} (the output's JSON). */
  CountWindowReport audit(AuditedInput input, List<String> written) {
    Map<String, List<Event>> byKey = new TreeMap<>();
    for (Event e : input.admitted()) {
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    OutputLedger windows = new OutputLedger();
    CountWindowFn machine = new CountWindowFn(clock, counting, reading::read);
    byKey.forEach(
        (key, events) ->
            // Sorted, the admitted events are never behind a numbered position: no late output.
            machine.replay(
                key,
                events,
                Long.MAX_VALUE,
                (out, at) -> {
                  if (out.window() != null) {
                    CountWindow w = out.window();
                    windows.expect(identity(w), w.toJson(), w.lastTime().toEpochMilli());
                  }
                }));
    long unreadable = 0;
    for (String json : written) {
      CountWindow w;
      try {
        w = CountWindow.fromJson(json);
      } catch (IllegalArgumentException e) {
        unreadable++;
        continue;
      }
      windows.written(identity(w), json, w.lastTime().toEpochMilli());
    }
    long horizon = input.horizon();
    return new CountWindowReport(
        input.records(),
        input.invalid(),
        input.deadLetters(),
        input.deadLettersMissing(),
        input.diversionsRepeated(),
        input.admitted().size(),
        unreadable,
        windows.tally(t -> clock.settledAt(t) <= horizon));
  }

  private static String identity(CountWindow w) {
    return w.key() + "|" + w.index();
  }
}
