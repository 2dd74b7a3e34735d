package dev.sluice.bench;

import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.Pipelines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The contenders, in the order of the table, and how each is launched. */
public enum Contender {
  SLUICE_FLINK("Sluice on FlinkRunner, p=2 (no de-dup, no late capture)", "sluice-flink", true),
  // --baseline DIR: the same plain row, run with another checkout's build (its classpath and main
  // class), to compare a build with an older one in one invocation.
  SLUICE_FLINK_BASELINE(
      "Sluice on FlinkRunner, p=2 (plain), baseline build", "sluice-flink-baseline", true),
  SLUICE_FLINK_FULL(
      "Sluice on FlinkRunner, p=2, full (de-dup + late capture)", "sluice-flink-full", true),
  // Tuning steps (--tuning): the plain row with this session's changes switched back off, one by
  // one.
  SLUICE_FLINK_SQL(
      "  tuning: Sluice/Flink plain, but Beam SQL instead of the combine",
      "sluice-flink-sql",
      true),
  SLUICE_FLINK_START(
      "  tuning: Sluice/Flink plain, SQL and element copies (the starting point)",
      "sluice-flink-start",
      true),
  SLUICE_DIRECT(
      "Sluice on DirectRunner, demo configuration (de-dup + late capture, checks off)",
      "sluice-direct",
      true),
  NATIVE_FLINK("native Flink 1.19 DataStream, p=2", "native-flink", true),
  KAFKA_STREAMS("Kafka Streams 3.9, 2 threads", "kafka-streams", false),
  // Scenario rows (--iot, --clickstream, --payments): a catalogued pipeline on its own generator's
  // input; an
  // event is one input record.
  IOT_TELEMETRY_STATISTICS(
      "iot-telemetry on FlinkRunner, p=2, model statistics (per reading)",
      "iot-telemetry-statistics",
      new Scenario(
          "iot-telemetry",
          "dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline",
          ScenarioInput.IOT,
          List.of("--model=statistics"),
          List.of("--scoresTopic"))),
  IOT_TELEMETRY_RCF(
      "iot-telemetry on FlinkRunner, p=2, model rcf (per reading)",
      "iot-telemetry-rcf",
      new Scenario(
          "iot-telemetry",
          "dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline",
          ScenarioInput.IOT,
          List.of("--model=rcf"),
          List.of("--scoresTopic"))),
  // iot-telemetry's work (model statistics) in a plain consumer loop (IotLoop): the job's own
  // detector without Beam, over the whole input at its end.
  IOT_TELEMETRY_LOOP(
      "  iot-telemetry's work (statistics) in a plain KafkaConsumer loop, batch (per reading)",
      "iot-telemetry-loop",
      new Scenario(
          "iot-telemetry",
          IotLoop.class.getName(),
          ScenarioInput.IOT,
          List.of("--model=statistics"),
          List.of("--scoresTopic"))),
  CLICKSTREAM(
      "clickstream on FlinkRunner, p=2 (per click)",
      "clickstream",
      new Scenario(
          "clickstream",
          "dev.sluice.pipelines.clickstream.ClickstreamPipeline",
          ScenarioInput.CLICKSTREAM,
          List.of(),
          List.of())),
  // clickstream's work in a plain consumer loop (ClickstreamLoop): the pipeline's own funnel and
  // profile machines and its sessions without Beam, over the whole input at its end.
  CLICKSTREAM_LOOP(
      "  clickstream's work in a plain KafkaConsumer loop, batch (per click)",
      "clickstream-loop",
      new Scenario(
          "clickstream",
          ClickstreamLoop.class.getName(),
          ScenarioInput.CLICKSTREAM,
          List.of(),
          List.of())),
  PAYMENTS_RISK(
      "payments-risk on FlinkRunner, p=2 (per payment)",
      "payments-risk",
      new Scenario(
          "payments-risk",
          "dev.sluice.pipelines.paymentsrisk.PaymentsRiskPipeline",
          ScenarioInput.PAYMENTS,
          List.of(),
          List.of())),
  // payments-risk's work in a plain consumer loop (PaymentsLoop): the pipeline's own scoring
  // without Beam, over the whole input at its end.
  PAYMENTS_RISK_LOOP(
      "  payments-risk's work in a plain KafkaConsumer loop, batch (per payment)",
      "payments-risk-loop",
      new Scenario(
          "payments-risk",
          PaymentsLoop.class.getName(),
          ScenarioInput.PAYMENTS,
          List.of(),
          List.of())),
  ROUTER(
      "router on FlinkRunner, p=2 (per event)",
      "router",
      new Scenario(
          "router",
          "dev.sluice.pipelines.router.RouterPipeline",
          ScenarioInput.SENSOR,
          List.of(),
          List.of())),
  // The router's work in a plain consumer loop (RouterLoop): what the same routing costs without a
  // framework, on the same input and topics; its copies must equal the router row's.
  ROUTER_LOOP(
      "  router's work in a plain KafkaConsumer loop, 2 threads (per event)",
      "router-loop",
      new Scenario(
          "router", RouterLoop.class.getName(), ScenarioInput.SENSOR, List.of(), List.of())),
  LIMIT("plain KafkaConsumer loop, 2 threads (the limit)", "limit", true);

  /** Where each run's topics and files live. */
  public record RunContext(
      String bootstrap,
      String input,
      String output,
      String runId,
      Path dir,
      boolean bounded,
      Path flinkConfDir,
      List<String> extraKafkaProperties) {}

  /**
   * A scenario row: the catalogued pipeline {@code pipeline} ({@link Pipelines#get}) run by {@code
   * mainClass} on its own input, the records of the generator scenario {@code input}. Its topics
   * are the catalogue's scenario topics ({@link PipelineSpec#scenarioArgs}) named from the run, the
   * input replaced by the pre-filled topic and the flags in {@code omit} left out; then {@code
   * flags}; the pipeline's defaults otherwise. Throughput only; not compared with the limit loop
   * (another input).
   */
  public record Scenario(
      String pipeline,
      String mainClass,
      ScenarioInput input,
      List<String> flags,
      List<String> omit) {}

  /**
   * A scenario row's topics: every one it writes, those of its results (the rest), and the control
   * topics it reads besides its input (the router's rules topic; created empty).
   */
  public record ScenarioTopics(List<String> written, List<String> results, List<String> control) {}

  public final String label;
  public final String slug;

  /** The pipeline and input of a scenario row; null for the windowed-aggregate contenders. */
  public final Scenario scenario;

  /**
   * Ends by itself after a bounded read; Kafka Streams does not and is stopped once its results are
   * in.
   */
  public final boolean exitsWhenBounded;

  Contender(String label, String slug, boolean exitsWhenBounded) {
    this.label = label;
    this.slug = slug;
    this.exitsWhenBounded = exitsWhenBounded;
    this.scenario = null;
  }

  /** A scenario row: ends by itself after its bounded read. */
  Contender(String label, String slug, Scenario scenario) {
    this.label = label;
    this.slug = slug;
    this.exitsWhenBounded = true;
    this.scenario = scenario;
  }

  public boolean isSluice() {
    return mainClass().startsWith("dev.sluice.pipelines.");
  }

  /** A tuning step: measured only on request (--tuning or --only), never in the latency runs. */
  public boolean isTuningStep() {
    return this == SLUICE_FLINK_SQL || this == SLUICE_FLINK_START;
  }

  /** Measured for throughput only, never in the latency runs. */
  public boolean throughputOnly() {
    return isTuningStep() || this == SLUICE_FLINK_BASELINE || isScenario();
  }

  /**
   * A scenario row: reads its generator's topic, not the windowed-aggregate workload, so its
   * results are not compared with the limit loop's; measured on request (--iot, --clickstream or
   * --only).
   */
  public boolean isScenario() {
    return scenario != null;
  }

  /** A scenario row that does its pipeline's work in a plain consumer loop, not on a runner. */
  public boolean isPlainLoop() {
    return isScenario() && !isSluice();
  }

  /**
   * A plain loop whose output must equal its pipeline's in the same run. The others hold their
   * input until the end (no watermark, so nothing is late) and write a pipeline's results plus what
   * it diverted as late.
   */
  public boolean writesWhatItsPipelineWrites() {
    return this == ROUTER_LOOP;
  }

  /** The Direct runner reads a smaller topic; its figures are scaled. */
  public boolean readsSmallTopic() {
    return this == SLUICE_DIRECT;
  }

  public String mainClass() {
    if (isScenario()) {
      return scenario.mainClass();
    }
    return switch (this) {
      case SLUICE_FLINK, SLUICE_FLINK_FULL, SLUICE_FLINK_SQL, SLUICE_FLINK_START, SLUICE_DIRECT ->
          "dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline";
      // The usual name before the packages moved; Baseline finds the one its build has.
      case SLUICE_FLINK_BASELINE -> Baseline.OLD_MAIN;
      case NATIVE_FLINK -> NativeFlinkJob.class.getName();
      case KAFKA_STREAMS -> KafkaStreamsJob.class.getName();
      case LIMIT -> LimitLoop.class.getName();
      case IOT_TELEMETRY_STATISTICS,
          IOT_TELEMETRY_RCF,
          IOT_TELEMETRY_LOOP,
          CLICKSTREAM,
          CLICKSTREAM_LOOP,
          PAYMENTS_RISK,
          PAYMENTS_RISK_LOOP,
          ROUTER,
          ROUTER_LOOP ->
          throw new AssertionError("a scenario row");
    };
  }

  /**
   * Topics a Sluice run writes besides its results (for a scenario row, see {@link
   * #scenarioTopics}).
   */
  public List<String> sideTopics(RunContext ctx) {
    if (isScenario()) {
      List<String> side = new ArrayList<>(scenarioTopics(ctx).written());
      side.removeAll(scenarioTopics(ctx).results());
      return side;
    }
    return isSluice() ? List.of(ctx.output() + "-dead-letters", ctx.output() + "-late") : List.of();
  }

  /**
   * A scenario row's topics as its pipeline sees them: its flags parsed with its own options, the
   * topics the run command would check and those the catalogue names as its outputs.
   */
  public ScenarioTopics scenarioTopics(RunContext ctx) {
    return topics(Pipelines.get(scenario.pipeline()), args(ctx));
  }

  private static <O extends SluiceOptions> ScenarioTopics topics(
      PipelineSpec<O> spec, List<String> args) {
    O parsed = spec.parse(args.toArray(String[]::new));
    return new ScenarioTopics(
        List.copyOf(PipelineRun.writtenTopics(spec, parsed)),
        List.copyOf(spec.outputTopics(parsed)),
        List.copyOf(spec.controlTopics(parsed)));
  }

  /**
   * The command-line flags. A scenario row's topics are named from {@code ctx.output()}, the prefix
   * of the catalogue's scenario topics.
   */
  public List<String> args(RunContext ctx) {
    if (isScenario()) {
      return scenarioArgs(ctx);
    }
    List<String> a = new ArrayList<>();
    a.add("--bootstrapServers=" + ctx.bootstrap());
    a.add("--inputTopic=" + ctx.input());
    a.add("--outputTopic=" + ctx.output());
    switch (this) {
      case SLUICE_FLINK,
          SLUICE_FLINK_BASELINE,
          SLUICE_FLINK_FULL,
          SLUICE_FLINK_SQL,
          SLUICE_FLINK_START,
          SLUICE_DIRECT -> {
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
        if (this == SLUICE_FLINK_SQL || this == SLUICE_FLINK_START) {
          a.add("--aggregation=sql");
        }
        if (this == SLUICE_FLINK_START) {
          a.add("--objectReuse=false");
          a.add("--fasterCopy=false");
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
      case IOT_TELEMETRY_STATISTICS,
          IOT_TELEMETRY_RCF,
          IOT_TELEMETRY_LOOP,
          CLICKSTREAM,
          CLICKSTREAM_LOOP,
          PAYMENTS_RISK,
          PAYMENTS_RISK_LOOP,
          ROUTER,
          ROUTER_LOOP ->
          throw new AssertionError("a scenario row");
    }
    return a;
  }

  private List<String> scenarioArgs(RunContext ctx) {
    List<String> a = new ArrayList<>();
    a.add("--bootstrapServers=" + ctx.bootstrap());
    for (String flag : Pipelines.get(scenario.pipeline()).scenarioArgs(ctx.output(), ctx.dir())) {
      String name = flag.indexOf('=') < 0 ? flag : flag.substring(0, flag.indexOf('='));
      if (name.equals("--inputTopic")) {
        a.add("--inputTopic=" + ctx.input());
      } else if (!scenario.omit().contains(name)) {
        a.add(flag);
      }
    }
    a.addAll(scenario.flags());
    a.add("--groupId=" + ctx.runId());
    a.add("--kafkaProperty=interceptor.classes=" + PollProbe.class.getName());
    ctx.extraKafkaProperties().forEach(p -> a.add("--kafkaProperty=" + p));
    if (ctx.bounded()) {
      a.add("--bounded=true");
    }
    if (!isSluice()) {
      return a; // a plain loop: the pipeline's own flags, no runner
    }
    a.add("--runner=FlinkRunner");
    a.add("--streaming=true");
    a.add("--parallelism=2");
    a.add("--flinkConfDir=" + ctx.flinkConfDir());
    return a;
  }
}
