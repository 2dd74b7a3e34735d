package dev.sluice.pubsub;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.time.EventWindows;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads a Pub/Sub subscription as {@link RawRecord}s stamped with their event time, through Beam's
 * PubsubIO, for the same steps the Kafka read feeds.
 *
 * <p>De-duplication: PubsubIO drops redeliveries by {@code idAttribute} (by message id when a
 * message lacks it), within the window its runner keeps (Dataflow: 10 minutes); the pipelines'
 * de-duplication by CloudEvent id covers the rest.
 *
 * <p>Late events: marked when read ({@link StampEventTimeFn}), as the Kafka read marks them.
 *
 * <p>Watermark: PubsubIO's estimate over the read's timestamps, the publish time unless {@code
 * timestampAttribute} names an attribute; on Dataflow the service tracks it from the subscription's
 * backlog. The Kafka read's {@code --maxOutOfOrderness} and {@code --idleTimeout} do not apply: an
 * idle subscription's watermark follows the wall clock after a minute (Direct, Flink) instead of
 * staying where the data left it. Unbounded only: Pub/Sub has no offsets to replay a range of.
 */
public final class ReadPubsubRecords extends PTransform<PBegin, PCollection<RawRecord>> {

  /** Where and how to read; empty attribute names mean none. */
  public record Settings(String subscription, String idAttribute, String timestampAttribute)
      implements java.io.Serializable {}

  private final Settings settings;
  private final EventParser parser;
  private final EventWindows lateWindows;

  /**
   * @param windows the windowing that decides which events are already late when read
   * @param markLate stamp those events {@code LateMarker.TIMESTAMP} for the late topic
   */
  public ReadPubsubRecords(
      Settings settings, EventParser parser, EventWindows windows, boolean markLate) {
    this.settings = settings;
    this.parser = parser;
    this.lateWindows = markLate ? windows : null;
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    PubsubIO.Read<org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage> read =
        PubsubIO.readMessagesWithAttributesAndMessageIdAndOrderingKey()
            .fromSubscription(settings.subscription());
    if (!settings.idAttribute().isEmpty()) {
      read = read.withIdAttribute(settings.idAttribute());
    }
    if (!settings.timestampAttribute().isEmpty()) {
      read = read.withTimestampAttribute(settings.timestampAttribute());
    }
    return begin
        .apply("ReadPubsub", read)
        .apply(
            "StampEventTime",
            ParDo.of(
                new StampEventTimeFn(
                    parser, PubsubRecords.shortName(settings.subscription()), lateWindows)));
  }
}
