package dev.sluice.time;

import java.io.Serializable;
import org.joda.time.Duration;

/**
 * How a source derives its watermark and marks events it reads already late.
 *
 * @param maxOutOfOrderness the watermark trails the largest event time seen in a partition by this
 * @param idleTimeout a caught-up partition silent this long stops holding the watermark back
 * @param windows the windowing against which events already expired when read are late
 * @param markLate stamp such events {@link LateMarker#TIMESTAMP}; false stamps every valid event
 *     with its time (a bounded replay on a batch runner marks them anyway: in batch mode nothing
 *     downstream could tell them)
 */
public record WatermarkRules(
    Duration maxOutOfOrderness, Duration idleTimeout, EventWindows windows, boolean markLate)
    implements Serializable {}
