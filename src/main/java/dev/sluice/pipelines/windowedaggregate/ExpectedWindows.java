package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.event.Event;
import dev.sluice.time.EventWindows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;

/**
 * The windows a set of admitted events makes, computed in plain Java for the audit: every fixed or
 * sliding window an event falls in, or the sessions Beam's merge rule builds (an event's window
 * {@code [t, t+gap)} merges with every one it overlaps). Repeats count once: the same (source, id)
 * in the same window, or for sessions at the same event time, as the job's de-duplication decides.
 */
final class ExpectedWindows {

  private ExpectedWindows() {}

  /** Per "key|start|end" (epoch millis): identity -> reading of the events the window counts. */
  static Map<String, Map<String, Double>> of(
      EventWindows windows, Iterable<Event> admitted, ReadingExtractor reading) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    if (windows.kind() != EventWindows.Kind.SESSION) {
      for (Event e : admitted) {
        for (IntervalWindow w : windows.windowsOf(e.eventTimeMillis())) {
          out.computeIfAbsent(
                  id(e.key(), w.start().getMillis(), w.end().getMillis()), k -> new HashMap<>())
              .putIfAbsent(e.identity(), reading.read(e));
        }
      }
      return out;
    }
    Map<String, Map<String, Event>> byKey = new HashMap<>();
    for (Event e : admitted) {
      byKey
          .computeIfAbsent(e.key(), k -> new LinkedHashMap<>())
          .putIfAbsent(e.identity() + "@" + e.eventTimeMillis(), e);
    }
    long gap = windows.size().getMillis();
    byKey.forEach(
        (key, distinct) -> {
          List<Map.Entry<String, Event>> events = new ArrayList<>(distinct.entrySet());
          events.sort(Comparator.comparingLong(en -> en.getValue().eventTimeMillis()));
          Map<String, Double> session = new HashMap<>();
          long start = 0, end = Long.MIN_VALUE;
          for (Map.Entry<String, Event> en : events) {
            long t = en.getValue().eventTimeMillis();
            if (t >= end && !session.isEmpty()) {
              out.put(id(key, start, end), session);
              session = new HashMap<>();
            }
            if (session.isEmpty()) {
              start = t;
              end = t + gap;
            }
            end = Math.max(end, t + gap);
            session.put(en.getKey(), reading.read(en.getValue()));
          }
          if (!session.isEmpty()) {
            out.put(id(key, start, end), session);
          }
        });
    return out;
  }

  /**
   * Until when a window may still change: its own expiry; for a session, while an admitted event
   * could still merge into it (one before its end whose own window has not expired).
   */
  static long changesUntil(EventWindows windows, long start, long end) {
    long lateness = windows.allowedLateness().getMillis();
    return windows.kind() == EventWindows.Kind.SESSION
        ? end - 1 + windows.size().getMillis() + lateness
        : end - 1 + lateness;
  }

  static String id(String key, long start, long end) {
    return key + "|" + start + "|" + end;
  }
}
