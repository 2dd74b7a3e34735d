package dev.sluice.generator;

import java.time.Instant;

/**
 * One line of the truth file: where an injected anomaly really is.
 *
 * @param metric the metric, or "*" for a silence (the whole device)
 * @param start event time of the first affected reading
 * @param end event time of the last affected reading; equal to start for spikes and level shifts
 */
public record TruthAnomaly(
    String device, String metric, AnomalyKind kind, Instant start, Instant end) {}
