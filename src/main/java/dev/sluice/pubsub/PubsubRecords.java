package dev.sluice.pubsub;

import dev.sluice.event.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;

/**
 * A Pub/Sub message as the {@link RawRecord} every pipeline parses, so dead letters and late events
 * carry the bytes the publisher sent.
 *
 * <p>Topic: the subscription's name (the message does not say which topic it was published to).
 * Partition 0 and offset -1: Pub/Sub has neither; the message id is kept in the header {@link
 * #MESSAGE_ID_HEADER}. Key: the ordering key, if any. Attributes become headers, sorted by name;
 * CloudEvents binary mode names its attributes {@code ce-*} on Pub/Sub and {@code ce_*} on Kafka,
 * so {@code ce-} is renamed {@code ce_} and the Kafka binding's parser reads both.
 */
public final class PubsubRecords {

  /** Header carrying the Pub/Sub message id. */
  public static final String MESSAGE_ID_HEADER = "pubsub_message_id";

  private PubsubRecords() {}

  /**
   * @param source the subscription's name, which stands in for the topic
   * @param timestampMillis the read's timestamp: the publish time, or the timestamp attribute's
   */
  public static RawRecord toRaw(PubsubMessage message, String source, long timestampMillis) {
    List<RawRecord.Header> headers = new ArrayList<>();
    Map<String, String> attributes = message.getAttributeMap();
    if (attributes != null) {
      new TreeMap<>(attributes)
          .forEach(
              (name, value) -> headers.add(new RawRecord.Header(headerName(name), utf8(value))));
    }
    if (message.getMessageId() != null) {
      headers.add(new RawRecord.Header(MESSAGE_ID_HEADER, utf8(message.getMessageId())));
    }
    String orderingKey = message.getOrderingKey();
    return new RawRecord(
        source,
        0,
        -1,
        timestampMillis,
        orderingKey == null || orderingKey.isEmpty() ? null : utf8(orderingKey),
        message.getPayload(),
        headers);
  }

  /** {@code ce-time} -> {@code ce_time}; any other attribute keeps its name. */
  static String headerName(String attribute) {
    return attribute.startsWith("ce-") ? "ce_" + attribute.substring(3) : attribute;
  }

  /** {@code projects/P/subscriptions/S} -> {@code S}. */
  public static String shortName(String subscriptionPath) {
    return subscriptionPath.substring(subscriptionPath.lastIndexOf('/') + 1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
