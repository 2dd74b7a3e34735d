package dev.sluice.kinesis;

import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.time.EventWindows;
import dev.sluice.time.WatermarkRules;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisIO;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * Reads a Kinesis stream from its oldest record as {@link RawRecord}s stamped with their event
 * time, for the same steps the Kafka read feeds ({@link EventTimeKinesisSource}: per-shard
 * watermarks, late marking and idleness as on Kafka). Checkpoints hold each shard's position, so a
 * restored job continues where it stopped; a new job starts at the trim horizon.
 */
public final class ReadKinesisRecords extends PTransform<PBegin, PCollection<RawRecord>> {

  /** Where to read; an empty endpoint means AWS itself with the default credentials chain. */
  public record Settings(String stream, String endpoint, String region)
      implements java.io.Serializable {}

  private final Settings settings;
  private final WatermarkRules rules;
  private final EventParser parser;

  public ReadKinesisRecords(Settings settings, WatermarkRules rules, EventParser parser) {
    this.settings = settings;
    this.rules = rules;
    this.parser = parser;
  }

  @Override
  public PCollection<RawRecord> expand(PBegin begin) {
    ClientConfiguration.Builder client =
        ClientConfiguration.builder().region(Region.of(settings.region()));
    boolean emulator = !settings.endpoint().isEmpty();
    if (emulator) {
      client
          .endpoint(URI.create(settings.endpoint()))
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("sluice", "sluice")));
    }
    KinesisIO.Read read =
        KinesisIO.read()
            .withStreamName(settings.stream())
            .withInitialPositionInStream(InitialPositionInStream.TRIM_HORIZON)
            // Kinesis serves five GetRecords calls per second and shard; without a delay an idle
            // shard is polled in a tight loop (and throttled).
            .withFixedDelayRateLimitPolicy(org.joda.time.Duration.millis(200))
            .withClientConfiguration(client.build());
    EventWindows lateWindows = rules.markLate() ? rules.windows() : null;
    return begin.apply(
        "ReadKinesis",
        Read.from(
            new EventTimeKinesisSource(
                kinesisSource(begin.getPipeline(), read),
                parser,
                lateWindows,
                rules.maxOutOfOrderness(),
                rules.idleTimeout(),
                emulator)));
  }

  /**
   * KinesisIO's own unbounded source for {@code read}: the source class is not public, so it is
   * taken from the read's expansion in a scratch pipeline with the same options.
   */
  @SuppressWarnings("unchecked")
  private static UnboundedSource<KinesisRecord, UnboundedSource.CheckpointMark> kinesisSource(
      Pipeline pipeline, KinesisIO.Read read) {
    Pipeline scratch = Pipeline.create(pipeline.getOptions());
    scratch.apply(read);
    AtomicReference<UnboundedSource<?, ?>> found = new AtomicReference<>();
    scratch.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof Read.Unbounded<?> unbounded) {
              found.set(unbounded.getSource());
              return CompositeBehavior.DO_NOT_ENTER_TRANSFORM;
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    if (found.get() == null) {
      throw new IllegalStateException("KinesisIO's read has no unbounded source to wrap");
    }
    return (UnboundedSource<KinesisRecord, UnboundedSource.CheckpointMark>) found.get();
  }
}
