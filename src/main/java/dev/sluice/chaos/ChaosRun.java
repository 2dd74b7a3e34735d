package dev.sluice.chaos;

import dev.sluice.generator.LiveStream;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One pipeline under one scenario on the real cluster: a steady stream in, the pipeline as an
 * exactly-once job, one fault, then the pipeline's audit of everything it committed.
 */
final class ChaosRun {

  private static final Duration FIRST_RESULT_TIMEOUT = Duration.ofMinutes(3);

  private final ChaosEnvironment env;
  private final ChaosPlan plan;
  private final PrintStream log;
  private final ResultCheck check;

  /**
   * @param check also run after the faults it names; may be null
   */
  ChaosRun(ChaosEnvironment env, ChaosPlan plan, PrintStream log, ResultCheck check) {
    this.env = env;
    this.plan = plan;
    this.log = log;
    this.check = check;
  }

  ChaosResult run(PipelineSpec<?> spec, ChaosScenario scenario) {
    return runTyped(spec, scenario);
  }

  private <O extends SluiceOptions> ChaosResult runTyped(
      PipelineSpec<O> spec, ChaosScenario scenario) {
    String tag = scenario.label() + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    String jobName = "chaos-" + tag;
    List<String> pipelineArgs = new ArrayList<>(spec.scenarioArgs(tag, env.workDir()));
    pipelineArgs.addAll(
        List.of(
            "--bootstrapServers=" + env.bootstrapServers(),
            "--groupId=" + jobName,
            "--maxOutOfOrderness=10s",
            "--idleTimeout=5s",
            "--checkpointingInterval=5000"));
    pipelineArgs.addAll(spec.workload().liveArgs());
    boolean checked = check != null && check.faults().contains(scenario);
    if (checked) {
      pipelineArgs.addAll(check.jobArgs());
    }
    O options = spec.parse(pipelineArgs.toArray(new String[0]));
    Map<String, Object> client = Map.of("bootstrap.servers", env.bootstrapServers());
    String input = options.getInputTopic().get(0);
    PipelineRun.createTopics(spec, options, 2, 2);
    List<String> results = spec.outputTopics(options);
    log.printf(
        "chaos: %s %s: %s (job %s, %.0f events/s)%n",
        spec.name(), scenario.label(), scenario.description(), jobName, plan.rate());
    Duration recovery = null;
    LiveStream events = LiveStream.of(spec.workload().scenario(), tag + "-", plan.rate());
    try (SteadyProducer producer = new SteadyProducer(client, input, events, plan.rate())) {
      env.submit(
          spec.name(),
          jobName,
          scenario == ChaosScenario.SAVEPOINT_RESCALE ? 1 : 2,
          pipelineArgs,
          null);
      awaitResultAfter(results, Instant.now());
      pause(plan.warmUp());
      recovery = inject(spec.name(), scenario, jobName, pipelineArgs, results);
      if (scenario == ChaosScenario.SAVEPOINT_RESCALE) {
        pause(plan.afterRecovery());
        Instant stop = Instant.now();
        String savepoint = env.stopWithSavepoint(jobName);
        env.submit(spec.name(), jobName, 1, pipelineArgs, savepoint);
        recovery = max(recovery, sinceToFirstResult(stop, results));
      }
      pause(plan.afterRecovery());
      log.printf(
          "chaos: %s: %d events written; closing the input%n",
          scenario.label(), producer.written());
      producer.stopAndCloseWindows();
      AuditReport audit = settle(spec, options);
      env.cancelQuietly(jobName);
      log.printf("chaos: %s: %s%n", scenario.label(), audit.format().replace("\n", "; "));
      String mismatch = checked && audit.clean() ? check.check().mismatch(spec, options) : null;
      return new ChaosResult(
          spec.name(), scenario, audit, recovery, mismatch == null ? "" : mismatch);
    } catch (Exception e) {
      log.printf("chaos: %s failed: %s%n", scenario.label(), e);
      env.cancelQuietly(jobName);
      return new ChaosResult(spec.name(), scenario, null, recovery, String.valueOf(e.getMessage()));
    }
  }

  /** Injects the fault; returns the time from the fault to the first result committed after it. */
  private Duration inject(
      String pipeline,
      ChaosScenario scenario,
      String jobName,
      List<String> pipelineArgs,
      List<String> results)
      throws Exception {
    Instant fault = Instant.now();
    switch (scenario) {
      case KILL_TASKMANAGER -> {
        env.killTaskManager();
        env.addTaskManager();
      }
      case BROKER_OUTAGE -> {
        env.stopBroker();
        pause(plan.outage());
        env.startBroker();
      }
      case SAVEPOINT_RESCALE ->
          env.submit(pipeline, jobName, 2, pipelineArgs, env.stopWithSavepoint(jobName));
      case CANCEL_RESUME -> env.submit(pipeline, jobName, 2, pipelineArgs, env.cancel(jobName));
    }
    return sinceToFirstResult(fault, results);
  }

  private Duration sinceToFirstResult(Instant fault, List<String> results) {
    Duration d = Duration.between(fault, awaitResultAfter(results, fault));
    log.printf("chaos: first result committed %.1f s after the fault%n", d.toMillis() / 1000.0);
    return d;
  }

  /**
   * Waits until a result appended after {@code since} is readable (committed); returns when it was
   * seen.
   */
  private Instant awaitResultAfter(List<String> topics, Instant since) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            env.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .forEach(partitions::add);
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      long deadline = System.nanoTime() + FIRST_RESULT_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (r.timestamp() >= since.toEpochMilli()) {
            return Instant.now();
          }
        }
      }
    }
    throw new IllegalStateException(
        "no result committed within " + FIRST_RESULT_TIMEOUT.toSeconds() + " s after " + since);
  }

  /**
   * Audits until every window is accounted for, or the settle time is up (then the last audit
   * stands).
   */
  private <O extends SluiceOptions> AuditReport settle(PipelineSpec<O> spec, O options)
      throws InterruptedException {
    long deadline = System.nanoTime() + plan.settle().toNanos();
    AuditReport report = spec.audit(options);
    while (!report.clean() && System.nanoTime() < deadline) {
      log.printf("chaos: waiting for the last results: lost %d so far%n", report.lost());
      // Exactly-once results appear once per checkpoint (5 s here); polling faster ends sooner.
      Thread.sleep(2000);
      report = spec.audit(options);
    }
    return report;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void pause(Duration d) throws InterruptedException {
    log.printf("chaos: running %d s%n", d.toSeconds());
    Thread.sleep(d.toMillis());
  }
}
