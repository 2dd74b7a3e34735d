package dev.sluice.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The source dispatch's launch errors for Kafka and Kinesis: one line naming the fix. */
class IngestSourcesTest {

  private static SluiceOptions options(String... extra) {
    String[] args = new String[extra.length + 1];
    args[0] = "--deadLetterTopic=dead";
    System.arraycopy(extra, 0, args, 1, extra.length);
    return PipelineOptionsFactory.fromArgs(args).as(SluiceOptions.class);
  }

  private static String error(SluiceOptions options) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> Ingest.read(options, Ingest.parser(options), null, false))
        .getMessage();
  }

  @Test
  void kafkaNeedsAnInputTopic() {
    assertEquals(
        "--source=kafka needs --inputTopic=TOPIC (or choose another --source)", error(options()));
  }

  @Test
  void kinesisNeedsAStream() {
    assertEquals("--source=kinesis needs --inputStream=STREAM", error(options("--source=kinesis")));
  }

  @Test
  void kinesisHasNoReplay() {
    assertEquals(
        "--bounded replays Kafka offsets; a Kinesis read streams: drop --bounded or use"
            + " --source=kafka",
        error(options("--source=kinesis", "--inputStream=events", "--bounded=true")));
  }

  @Test
  void theOpeningLineNamesTheSource() {
    assertEquals("a,b", Ingest.describe(options("--inputTopic=a,b")));
    assertEquals(
        "Kinesis stream events",
        Ingest.describe(options("--source=kinesis", "--inputStream=events")));
    assertEquals(
        "Pub/Sub projects/p/subscriptions/s",
        Ingest.describe(
            options("--source=pubsub", "--inputSubscription=projects/p/subscriptions/s")));
  }
}
