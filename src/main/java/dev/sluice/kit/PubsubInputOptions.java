package dev.sluice.kit;

import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Where {@code --source=pubsub} reads its CloudEvents. Extends Beam's {@link PubsubOptions}, so
 * {@code --pubsubRootUrl} (an emulator such as {@code http://127.0.0.1:8085}) and the GCP project
 * and credential options are Beam's own.
 */
public interface PubsubInputOptions extends PubsubOptions {

  @Description(
      "Pub/Sub subscription the CloudEvents are read from, as"
          + " projects/PROJECT/subscriptions/NAME (needed with --source=pubsub).")
  @Default.String("")
  String getInputSubscription();

  void setInputSubscription(String value);

  @Description(
      "Message attribute holding a unique id, used by the read to drop Pub/Sub's redeliveries"
          + " (messages without it fall back to the message id). ce-id is the CloudEvent id in"
          + " binary mode; the pipelines also de-duplicate by CloudEvent id downstream.")
  @Default.String("ce-id")
  String getPubsubIdAttribute();

  void setPubsubIdAttribute(String value);

  @Description(
      "Message attribute whose value (RFC 3339 or epoch millis) the read's watermark follows, e.g."
          + " ce-time. Empty: the publish time. Beam's read fails on a message that lacks the"
          + " attribute or holds an unreadable time, so set it only when every publisher does.")
  @Default.String("")
  String getPubsubTimestampAttribute();

  void setPubsubTimestampAttribute(String value);
}
