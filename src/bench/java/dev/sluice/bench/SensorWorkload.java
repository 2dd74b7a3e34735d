package dev.sluice.bench;

import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratorConfig;
import java.time.Instant;

/**
 * The input of the router rows: the sensor readings of {@code generate --scenario sensor} ({@link
 * EventGenerator}, the demo's input: structured and binary mode, disorder, late, repeated and
 * malformed records), {@code events} of them from a fixed past start, so every invocation routes
 * the same records.
 */
public record SensorWorkload(long events) implements ScenarioWorkload {

  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  static final long SEED = 42;

  public static SensorWorkload of(long events) {
    return new SensorWorkload(events);
  }

  GeneratorConfig config() {
    return GeneratorConfig.builder().seed(SEED).count(events).startTime(START).build();
  }

  @Override
  public Records records() {
    return new Records(new EventGenerator(config()), events);
  }

  @Override
  public long endMillis() {
    GeneratorConfig c = config();
    return c.startTime().plus(c.span()).toEpochMilli();
  }

  @Override
  public String describe() {
    GeneratorConfig c = config();
    return String.format(
        "%,d readings of %,d keys over %d min of event time from %s (seed %d; the generator's"
            + " %.1f%% repeated, %.1f%% malformed, %.0f%% binary-mode and %.1f%% late records)",
        events,
        c.keys(),
        c.span().toMinutes(),
        c.startTime(),
        c.seed(),
        c.duplicateShare() * 100,
        c.malformedShare() * 100,
        c.binaryShare() * 100,
        (c.lateWithinShare() + c.lateBeyondShare()) * 100);
  }
}
