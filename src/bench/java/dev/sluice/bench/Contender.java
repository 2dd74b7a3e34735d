package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The contenders, in the order of the table, and how each is launched. */
public enum Contender {
  SLUICE_FLINK("Sluice on FlinkRunner, p=2 (no de-dup, no late capture)", "sluice-flink", true),
  SLUICE_FLINK_FULL("Sluice on FlinkRunner, p=2, full (de-dup + late capture)", "sluice-flink-full", true),
  SLUICE_DIRECT("Sluice on DirectRunner, demo configuration (de-dup + late capture, checks off)", "sluice-direct", true),
  NATIVE_FLINK("native Flink 1.19 DataStream, p=2", "native-flink", true),
  KAFKA_STREAMS("Kafka Streams 3.9, 2 threads", "kafka-streams", false),
  LIMIT("plain KafkaConsumer loop, 2 threads (the limit)", "limit", true);

  /** Where each run's topics and files live. */
  public record RunContext(String bootstrap, String input, String output, String runId, Path dir, boolean bounded,
      Path flinkConfDir, List<String> extraKafkaProperties) {}

  public final String label;
  public final String slug;
  /** Ends by itself after a bounded read; Kafka Streams does not and is stopped once its results are in. */
  public final boolean exitsWhenBounded;

  Contender(String label, String slug, boolean exitsWhenBounded) {
    this.label = label;
    this.slug = slug;
    this.exitsWhenBounded = exitsWhenBounded;
  }

  public boolean isSluice() {
    return this == SLUICE_FLINK || this == SLUICE_FLINK_FULL || this == SLUICE_DIRECT;
  }

  /** The Direct runner reads a smaller topic; its figures are scaled. */
  public boolean readsSmallTopic() {
    return this == SLUICE_DIRECT;
  }

  public String mainClass() {
    return switch (this) {
      case SLUICE_FLINK, SLUICE_FLINK_FULL, SLUICE_DIRECT -> "dev.sluice.pipelines.WindowedAggregatePipeline";
      case NATIVE_FLINK -> NativeFlinkJob.class.getName();
      case KAFKA_STREAMS -> KafkaStreamsJob.class.getName();
      case LIMIT -> LimitLoop.class.getName();
    };
  }

  /** Topics a Sluice run writes besides its results. */
  public List<String> sideTopics(RunContext ctx) {
    return isSluice() ? List.of(ctx.output() + "-dead-letters", ctx.output() + "-late") : List.of();
  }

  public List<String> args(RunContext ctx) {
    List<String> a = new ArrayList<>();
    a.add("--bootstrapServers=" + ctx.bootstrap());
    a.add("--inputTopic=" + ctx.input());
    a.add("--outputTopic=" + ctx.output());
    switch (this) {
      case SLUICE_FLINK, SLUICE_FLINK_FULL, SLUICE_DIRECT -> {
        a.add("--deadLetterTopic=" + ctx.output() + "-dead-letters");
        a.add("--lateTopic=" + ctx.output() + "-late");
        a.add("--groupId=" + ctx.runId());
        a.add("--window=" + Semantics.WINDOW_MS + "ms");
        a.add("--allowedLateness=" + Semantics.ALLOWED_LATENESS_MS + "ms");
        a.add("--maxOutOfOrderness=" + Semantics.OUT_OF_ORDERNESS_MS + "ms");
        a.add("--idleTimeout=" + Semantics.IDLE_TIMEOUT_MS + "ms");
        // Direct runs as `sluice demo` does: the full pipeline, the bounded replay in batch mode.
        boolean full = this == SLUICE_FLINK_FULL || this == SLUICE_DIRECT;
        a.add("--deduplicate=" + full);
        a.add("--captureLate=" + full);
        a.add("--kafkaProperty=interceptor.classes=" + PollProbe.class.getName());
        ctx.extraKafkaProperties().forEach(p -> a.add("--kafkaProperty=" + p));
        if (ctx.bounded()) {
          a.add("--bounded=true");
        }
        if (this == SLUICE_DIRECT) {
          // The demo's flags. The default checks (immutability, encodability) are a development
          // aid; with them the platform notes ran out of memory at 4 GB.
          a.add("--runner=DirectRunner");
          a.add("--enforceImmutability=false");
          a.add("--enforceEncodability=false");
        } else {
          a.add("--runner=FlinkRunner");
          a.add("--streaming=true");
          a.add("--parallelism=2");
          a.add("--flinkConfDir=" + ctx.flinkConfDir());
        }
      }
      case NATIVE_FLINK -> {
        a.add("--groupId=" + ctx.runId());
        a.add("--bounded=" + ctx.bounded());
      }
      case KAFKA_STREAMS -> {
        a.add("--applicationId=" + ctx.runId());
        a.add("--stateDir=" + ctx.dir().resolve(ctx.runId() + "-state"));
      }
      case LIMIT -> a.add("--bounded=" + ctx.bounded());
    }
    return a;
  }
}
