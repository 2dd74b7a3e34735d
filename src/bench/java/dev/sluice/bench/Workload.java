package dev.sluice.bench;

import dev.sluice.generator.GeneratorConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The one input every contender reads: CloudEvents JSON sensor readings (~200 B), 10,000 keys,
 * disorder within 5 s, and about 0.5% late events of two kinds:
 *
 * <ul>
 *   <li>late within the allowed lateness (0.25%, 16-25 s behind the newest event): every contender
 *       takes them, as a late update of an already emitted window;
 *   <li>far late (0.25%): times 1.5-2 h before the stream began, written only in the second half of
 *       the stream. Every contender drops them, whatever its watermark propagation delay: its
 *       aggregation's watermark only has to have moved once to be past their windows. (On tiny
 *       inputs, ~20k records, Beam on Flink had not forwarded any watermark to its aggregation by
 *       then and kept a few: the check catches that.)
 * </ul>
 *
 * <p>Without the far placement, "dropped" would depend on how far a runner's watermark trails its
 * reading position at that instant (it does on Flink, with two partitions read at different
 * speeds), and the results of correct contenders would differ.
 *
 * @param events events of the main stream (far-late events and one sentinel per partition come on
 *     top)
 * @param eventsPerSecondOfEventTime density: sets how many (key, window) results there are
 */
public record Workload(
    long events,
    int keys,
    double eventsPerSecondOfEventTime,
    double lateWithinShare,
    double farLateShare,
    long seed) {

  public static final int PARTITIONS = 2;

  /** ~1.27M results per 2M events at 10k keys, as in the platform notes' measurement. */
  public static final double DENSITY = 667;

  public static Workload of(long events) {
    return new Workload(events, 10_000, DENSITY, 0.0025, 0.0025, 42);
  }

  public Workload withEvents(long n) {
    return new Workload(n, keys, eventsPerSecondOfEventTime, lateWithinShare, farLateShare, seed);
  }

  long farLateEvents() {
    return Math.round(events * farLateShare);
  }

  /**
   * The main stream, ending about now (so the sentinel stays within Sluice's future-skew check).
   */
  GeneratorConfig mainStream() {
    return base()
        .count(events)
        .eventsPerSecondOfEventTime(eventsPerSecondOfEventTime)
        .lateWithinShare(lateWithinShare)
        .idPrefix("e-")
        .build();
  }

  /** Far-late events: on time among themselves, 1.5-2 h before the main stream. */
  GeneratorConfig farLateStream(Instant mainStart) {
    long n = Math.max(1, farLateEvents());
    return base()
        .seed(seed + 1)
        .count(n)
        .startTime(mainStart.minus(Duration.ofHours(2)))
        .eventsPerSecondOfEventTime(n / 1800.0)
        .lateWithinShare(0)
        .idPrefix("far-late-")
        .build();
  }

  /** A paced stream whose event time follows the wall clock from now on. */
  GeneratorConfig pacedStream(double rate, Duration length) {
    return base()
        .seed(seed + 2)
        .count((long) (rate * length.toSeconds()))
        .startTime(Instant.now())
        .eventsPerSecondOfEventTime(rate)
        .lateWithinShare(lateWithinShare)
        .idPrefix("paced-")
        .build();
  }

  private GeneratorConfig.Builder base() {
    return GeneratorConfig.builder()
        .seed(seed)
        .keys(keys)
        .maxOutOfOrderness(Duration.ofSeconds(5))
        .allowedLateness(Duration.ofMillis(Semantics.ALLOWED_LATENESS_MS))
        .window(Duration.ofMillis(Semantics.WINDOW_MS))
        .lateBeyondShare(0)
        .duplicateShare(0)
        .malformedShare(0)
        .binaryShare(0);
  }
}
