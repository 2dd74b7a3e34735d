package dev.sluice.transforms;

import dev.sluice.event.Event;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.joda.time.Instant;

/**
 * Batch mode's late gate: sends the events the source stamped {@link LateMarker#TIMESTAMP} to
 * {@link AdmitEvents#LATE}, the rest on. What {@link ClassifyLatenessFn} decides on a bounded
 * input, where its clock cannot tick before all input is in.
 */
final class DivertMarkedLateFn extends DoFn<Event, Event> {

  private final EventWindows windows;
  private final Counter late = Metrics.counter(SluiceMetrics.NAMESPACE, SluiceMetrics.LATE);

  DivertMarkedLateFn(EventWindows windows) {
    this.windows = windows;
  }

  @ProcessElement
  public void process(@Element Event event, @Timestamp Instant timestamp, MultiOutputReceiver out) {
    if (LateMarker.isMarked(timestamp)) {
      late.inc();
      out.get(AdmitEvents.LATE).output(ClassifyLatenessFn.lateEvent(windows, event));
    } else {
      out.get(AdmitEvents.ADMITTED).output(event);
    }
  }
}
