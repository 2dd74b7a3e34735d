package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.time.Durations;
import dev.sluice.time.EventWindows;
import org.joda.time.Duration;

/**
 * windowed-aggregate's time-window flags ({@code --windowing}, {@code --window}, {@code --slide},
 * {@code --gap}, {@code --allowedLateness}) as one {@link EventWindows}; a bad combination is
 * refused before the job starts, in one line naming the fix.
 */
final class TimeWindowing {

  private TimeWindowing() {}

  static EventWindows of(WindowedAggregatePipeline.Options options) {
    String kind = options.getWindowing();
    String slide = options.getSlide();
    String gap = options.getGap();
    if (!kind.equals("fixed") && !kind.equals("sliding") && !kind.equals("session")) {
      throw new IllegalArgumentException(
          "--windowing must be 'fixed', 'sliding' or 'session', not '" + kind + "'");
    }
    if (!slide.isBlank() && !kind.equals("sliding")) {
      throw new IllegalArgumentException(
          "--slide is for sliding windows: add --windowing=sliding or drop --slide");
    }
    if (!gap.isBlank() && !kind.equals("session")) {
      throw new IllegalArgumentException(
          "--gap is for session windows: add --windowing=session or drop --gap");
    }
    Duration lateness = Durations.parseJoda("--allowedLateness", options.getAllowedLateness());
    if (kind.equals("session")) {
      if (gap.isBlank()) {
        throw new IllegalArgumentException("--windowing=session needs --gap, e.g. --gap=30s");
      }
      return EventWindows.sessions(Durations.parsePositiveJoda("--gap", gap), lateness);
    }
    Duration window = Durations.parsePositiveJoda("--window", options.getWindow());
    if (kind.equals("fixed")) {
      return new EventWindows(window, lateness);
    }
    if (slide.isBlank()) {
      throw new IllegalArgumentException("--windowing=sliding needs --slide, e.g. --slide=5s");
    }
    Duration period = Durations.parsePositiveJoda("--slide", slide);
    if (period.isLongerThan(window)) {
      throw new IllegalArgumentException(
          "--slide " + slide + " is longer than --window " + options.getWindow() + ": lower it");
    }
    if (window.getMillis() % period.getMillis() != 0) {
      throw new IllegalArgumentException(
          "--slide "
              + slide
              + " must divide --window "
              + options.getWindow()
              + " (so every event is in the same number of windows), e.g. --slide="
              + options.getWindow());
    }
    return EventWindows.sliding(window, period, lateness);
  }
}
