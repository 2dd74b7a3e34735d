package dev.sluice.pubsub;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Each message as a {@link RawRecord} stamped with its CloudEvent {@code time}, as the Kafka read
 * stamps its records; an invalid record gets the minimum timestamp, so only valid event times count
 * and its dead letter still goes out.
 *
 * <p>The watermark stays the Pub/Sub read's (publish time or the timestamp attribute): a DoFn
 * cannot move it. An event stamped behind it is not dropped silently: the windowed pipelines' late
 * gate ({@code transforms.AdmitEvents}, whose event-time clock follows this watermark) sends it to
 * the late topic.
 */
final class StampEventTimeFn extends DoFn<PubsubMessage, RawRecord> {

  private final EventParser parser;
  private final String source;

  StampEventTimeFn(EventParser parser, String source) {
    this.parser = parser;
    this.source = source;
  }

  @ProcessElement
  public void process(
      @Element PubsubMessage message, @Timestamp Instant read, OutputReceiver<RawRecord> out) {
    RawRecord record = PubsubRecords.toRaw(message, source, read.getMillis());
    long eventTime = parser.eventTimeOrMin(record);
    out.outputWithTimestamp(
        record,
        eventTime == Long.MIN_VALUE ? BoundedWindow.TIMESTAMP_MIN_VALUE : new Instant(eventTime));
  }

  /** Event times may lie any distance before the read's timestamp (and invalid records at MIN). */
  @SuppressWarnings("deprecation")
  @Override
  public Duration getAllowedTimestampSkew() {
    return Duration.millis(Long.MAX_VALUE);
  }
}
