package dev.sluice.pubsub;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.time.EventWindows;
import dev.sluice.time.LateMarker;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Each message as a {@link RawRecord} stamped with its CloudEvent {@code time}, as the Kafka read
 * stamps its records; an invalid record gets the minimum timestamp, so its dead letter still goes
 * out and it never counts as an event.
 *
 * <p>The watermark stays the Pub/Sub read's (over the publish time or the timestamp attribute): a
 * DoFn cannot move it, and stamping events back to their own time puts some behind it. Late events
 * are therefore marked here against the message's read timestamp, which bounds the watermark from
 * above while the message is in flight (the read's watermark is held by the messages it has not
 * finished): an event whose window had expired by that time is stamped {@link LateMarker#TIMESTAMP}
 * and the late gate diverts it; any other event's window is still open wherever it arrives, so no
 * GroupByKey drops it. The bound errs towards "late": an event read after its window closed by the
 * read's clock goes to the late topic even if the watermark had not yet got there.
 */
final class StampEventTimeFn extends DoFn<PubsubMessage, RawRecord> {

  private final EventParser parser;
  private final String source;

  /** Null when late events are not told apart. */
  private final EventWindows windows;

  StampEventTimeFn(EventParser parser, String source, EventWindows windows) {
    this.parser = parser;
    this.source = source;
    this.windows = windows;
  }

  @ProcessElement
  public void process(
      @Element PubsubMessage message, @Timestamp Instant read, OutputReceiver<RawRecord> out) {
    RawRecord record = PubsubRecords.toRaw(message, source, read.getMillis());
    long eventTime = parser.eventTimeOrMin(record);
    out.outputWithTimestamp(record, stamp(eventTime, read));
  }

  Instant stamp(long eventTime, Instant read) {
    if (eventTime == Long.MIN_VALUE) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    if (windows != null && windows.expiryOf(eventTime).isBefore(read)) {
      return LateMarker.TIMESTAMP;
    }
    return new Instant(eventTime);
  }

  /** Event times may lie any distance before the read's timestamp (and invalid records at MIN). */
  @SuppressWarnings("deprecation")
  @Override
  public Duration getAllowedTimestampSkew() {
    return Duration.millis(Long.MAX_VALUE);
  }
}
