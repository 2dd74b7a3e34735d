package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.time.LateMarker;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.joda.time.Instant;

/**
 * Without late capture, drops the events the source marked as expired, counted as Beam counts its
 * own late drops. Needed for a bounded input only: in batch mode the watermark does not move while
 * the input is read, so the GroupByKey would take events that streaming drops.
 */
public final class DropExpiredFn extends DoFn<Event, Event> {

  /** Beam's own name for it, which the run summary adds up. */
  private final Counter dropped = Metrics.counter(SluiceMetrics.NAMESPACE, "droppedDueToLateness");

  @ProcessElement
  public void process(
      @Element Event event, @Timestamp Instant timestamp, OutputReceiver<Event> out) {
    if (LateMarker.isMarked(timestamp)) {
      dropped.inc();
      return;
    }
    out.output(event);
  }
}
