package dev.sluice.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Everything that shapes a generated stream. Shares are fractions of all records; whatever the
 * special kinds leave is {@link RecordKind#ON_TIME}. Build with {@link #builder()}.
 *
 * @param seed the only source of randomness: same config, same bytes
 * @param count records to generate (all kinds together)
 * @param keys distinct subjects ({@code device-0} ...)
 * @param hotKeyShare fraction of events whose subject is one of the {@link #hotKeyCount()} hot keys
 * @param startTime event time of the first record
 * @param eventsPerSecondOfEventTime density in event time: the stream spans {@code count / this}
 *     seconds
 * @param maxOutOfOrderness ordinary disorder bound: an on-time event is at most this far behind the
 *     largest event time before it
 * @param allowedLateness the downstream pipeline's allowed lateness, used to place late events
 * @param window the downstream pipeline's window size, used to place late events
 * @param lateWithinShare events late for their window but within allowed lateness
 * @param lateBeyondShare events certainly beyond allowed lateness
 * @param duplicateShare earlier events sent again byte for byte
 * @param malformedShare invalid records, spread evenly over the four malformed kinds
 * @param binaryShare fraction of events written in binary content mode
 * @param eventTypes CloudEvent types; each subject keeps one type
 * @param sources CloudEvent sources (gateways); each subject reports through one of them
 * @param idPrefix prefix of event ids; vary it to write several runs into one topic without their
 *     ids colliding
 */
public record GeneratorConfig(
    long seed,
    long count,
    int keys,
    double hotKeyShare,
    Instant startTime,
    double eventsPerSecondOfEventTime,
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration window,
    double lateWithinShare,
    double lateBeyondShare,
    double duplicateShare,
    double malformedShare,
    double binaryShare,
    List<String> eventTypes,
    List<String> sources,
    String idPrefix) {

  public static final double DEFAULT_HOT_KEY_SHARE = 0.2;
  public static final double DEFAULT_LATE_WITHIN_SHARE = 0.01;
  public static final double DEFAULT_LATE_BEYOND_SHARE = 0.005;
  public static final double DEFAULT_DUPLICATE_SHARE = 0.01;
  public static final double DEFAULT_MALFORMED_SHARE = 0.005;
  public static final double DEFAULT_BINARY_SHARE = 0.1;

  /**
   * How far beyond allowed lateness a LATE_BEYOND event lies at least, so no boundary case can keep
   * it.
   */
  public static final Duration BEYOND_MARGIN = Duration.ofSeconds(10);

  public GeneratorConfig {
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(idPrefix, "idPrefix");
    eventTypes = List.copyOf(eventTypes);
    sources = List.copyOf(sources);
    require(count >= 0, "count must be >= 0");
    require(keys >= 1, "keys must be >= 1");
    require(eventsPerSecondOfEventTime > 0, "eventsPerSecondOfEventTime must be > 0");
    require(!maxOutOfOrderness.isNegative(), "maxOutOfOrderness must be >= 0");
    require(!allowedLateness.isNegative(), "allowedLateness must be >= 0");
    require(window.toMillis() > 0, "window must be > 0");
    require(
        !eventTypes.isEmpty() && !sources.isEmpty(), "eventTypes and sources must not be empty");
    for (double share :
        new double[] {
          hotKeyShare, lateWithinShare, lateBeyondShare, duplicateShare, malformedShare, binaryShare
        }) {
      require(share >= 0 && share <= 1, "shares must lie in [0, 1]");
    }
    require(
        lateWithinShare + lateBeyondShare + duplicateShare + malformedShare <= 1,
        "late, duplicate and malformed shares add up to more than 1");
    // Fields are not assigned yet inside a compact constructor: compute from the parameters.
    long minLateWithin = window.toMillis() + maxOutOfOrderness.toMillis() + 1;
    long maxLateWithin = window.toMillis() + allowedLateness.toMillis() / 2;
    require(
        lateWithinShare == 0 || minLateWithin <= maxLateWithin,
        "no room for LATE_WITHIN events: needs allowedLateness/2 > maxOutOfOrderness (or lateWithinShare 0)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .count(count)
        .keys(keys)
        .hotKeyShare(hotKeyShare)
        .startTime(startTime)
        .eventsPerSecondOfEventTime(eventsPerSecondOfEventTime)
        .maxOutOfOrderness(maxOutOfOrderness)
        .allowedLateness(allowedLateness)
        .window(window)
        .lateWithinShare(lateWithinShare)
        .lateBeyondShare(lateBeyondShare)
        .duplicateShare(duplicateShare)
        .malformedShare(malformedShare)
        .binaryShare(binaryShare)
        .eventTypes(eventTypes)
        .sources(sources)
        .idPrefix(idPrefix);
  }

  /** Event time covered by the nominal (undisturbed) event times. */
  public Duration span() {
    return spanOf(count, eventsPerSecondOfEventTime);
  }

  private static Duration spanOf(long count, double eventsPerSecond) {
    return Duration.ofMillis((long) Math.ceil(count * 1000.0 / eventsPerSecond));
  }

  /** Hot subjects: 1% of the keys, at least one. */
  public int hotKeyCount() {
    return Math.max(1, (int) Math.ceil(keys / 100.0));
  }

  /**
   * Inclusive bounds in ms of how far a LATE_WITHIN event lies behind the max event time so far.
   */
  long[] lateWithinLateness() {
    long hi = window.toMillis() + allowedLateness.toMillis() / 2;
    // Up to 1 s of margin beyond the minimum, as a partition's own max event time (and so its
    // watermark) may trail the global maximum a little.
    long lo = Math.min(window.toMillis() + maxOutOfOrderness.toMillis() + 1000, hi);
    return new long[] {lo, hi};
  }

  /**
   * Inclusive bounds in ms of how far a LATE_BEYOND event lies behind the max event time so far.
   */
  long[] lateBeyondLateness() {
    long lo =
        window.toMillis()
            + allowedLateness.toMillis()
            + maxOutOfOrderness.toMillis()
            + BEYOND_MARGIN.toMillis()
            + 1;
    return new long[] {lo, lo + Duration.ofMinutes(1).toMillis()};
  }

  /** Defaults: 10k records, 100 keys, 100 events per second of event time, sensor readings. */
  public static final class Builder {
    private long seed = 42;
    private long count = 10_000;
    private int keys = 100;
    private double hotKeyShare = DEFAULT_HOT_KEY_SHARE;
    private Instant startTime;
    private double eventsPerSecondOfEventTime = 100;
    private Duration maxOutOfOrderness = Duration.ofSeconds(5);
    private Duration allowedLateness = Duration.ofSeconds(30);
    private Duration window = Duration.ofSeconds(10);
    private double lateWithinShare = DEFAULT_LATE_WITHIN_SHARE;
    private double lateBeyondShare = DEFAULT_LATE_BEYOND_SHARE;
    private double duplicateShare = DEFAULT_DUPLICATE_SHARE;
    private double malformedShare = DEFAULT_MALFORMED_SHARE;
    private double binaryShare = DEFAULT_BINARY_SHARE;
    private List<String> eventTypes = List.of("sensor.reading");
    private List<String> sources =
        List.of("/sensors/gw-1", "/sensors/gw-2", "/sensors/gw-3", "/sensors/gw-4");
    private String idPrefix = "e-";

    private Builder() {}

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder count(long v) {
      count = v;
      return this;
    }

    public Builder keys(int v) {
      keys = v;
      return this;
    }

    public Builder hotKeyShare(double v) {
      hotKeyShare = v;
      return this;
    }

    /**
     * Unset (null): the wall clock at {@link #build()} minus the span, so the stream ends about
     * now.
     */
    public Builder startTime(Instant v) {
      startTime = v;
      return this;
    }

    public Builder eventsPerSecondOfEventTime(double v) {
      eventsPerSecondOfEventTime = v;
      return this;
    }

    public Builder maxOutOfOrderness(Duration v) {
      maxOutOfOrderness = v;
      return this;
    }

    public Builder allowedLateness(Duration v) {
      allowedLateness = v;
      return this;
    }

    public Builder window(Duration v) {
      window = v;
      return this;
    }

    public Builder lateWithinShare(double v) {
      lateWithinShare = v;
      return this;
    }

    public Builder lateBeyondShare(double v) {
      lateBeyondShare = v;
      return this;
    }

    public Builder duplicateShare(double v) {
      duplicateShare = v;
      return this;
    }

    public Builder malformedShare(double v) {
      malformedShare = v;
      return this;
    }

    public Builder binaryShare(double v) {
      binaryShare = v;
      return this;
    }

    public Builder eventTypes(List<String> v) {
      eventTypes = v;
      return this;
    }

    public Builder sources(List<String> v) {
      sources = v;
      return this;
    }

    public Builder idPrefix(String v) {
      idPrefix = v;
      return this;
    }

    public GeneratorConfig build() {
      Instant start = startTime;
      if (start == null) {
        // The one wall-clock read: fixed here, so the generator itself stays deterministic.
        require(eventsPerSecondOfEventTime > 0, "eventsPerSecondOfEventTime must be > 0");
        start =
            Instant.now()
                .minus(spanOf(count, eventsPerSecondOfEventTime))
                .truncatedTo(ChronoUnit.SECONDS);
      }
      return new GeneratorConfig(
          seed,
          count,
          keys,
          hotKeyShare,
          start,
          eventsPerSecondOfEventTime,
          maxOutOfOrderness,
          allowedLateness,
          window,
          lateWithinShare,
          lateBeyondShare,
          duplicateShare,
          malformedShare,
          binaryShare,
          eventTypes,
          sources,
          idPrefix);
    }
  }
}
