package dev.sluice.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** {@code --source=pubsub}'s launch errors: one line naming the fix. */
class IngestPubsubTest {

  private static SluiceOptions options(String... extra) {
    PipelineOptionsFactory.register(PubsubInputOptions.class);
    String[] args = new String[extra.length + 2];
    args[0] = "--inputTopic=unused";
    args[1] = "--deadLetterTopic=dead";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return PipelineOptionsFactory.fromArgs(args).as(SluiceOptions.class);
  }

  private static String error(SluiceOptions options) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> Ingest.readPubsub(options, Ingest.parser(options), null, false))
        .getMessage();
  }

  @Test
  void aSubscriptionIsNeeded() {
    assertEquals(
        "--source=pubsub needs --inputSubscription=projects/PROJECT/subscriptions/NAME",
        error(options()));
  }

  @Test
  void aTopicIsNoSubscription() {
    assertEquals(
        "--inputSubscription=projects/p/topics/t is not projects/PROJECT/subscriptions/NAME",
        error(options("--inputSubscription=projects/p/topics/t")));
  }

  @Test
  void pubsubHasNoReplay() {
    assertEquals(
        "--bounded replays Kafka offsets; Pub/Sub has none: drop --bounded or use --source=kafka",
        error(options("--inputSubscription=projects/p/subscriptions/s", "--bounded=true")));
  }

  @Test
  void aValidSubscriptionBuildsTheRead() {
    SluiceOptions options = options("--inputSubscription=projects/p/subscriptions/s");
    Ingest.readPubsub(options, Ingest.parser(options), null, false);
  }
}
