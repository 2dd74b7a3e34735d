package dev.sluice.cli;

import dev.sluice.cluster.FlinkClientDefaults;
import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.JobProgress;
import dev.sluice.cluster.JobStates;
import dev.sluice.cluster.JobStore;
import dev.sluice.cluster.StoredJob;
import dev.sluice.cluster.SubmitPlan;
import dev.sluice.cluster.SubmitRequest;
import dev.sluice.kafka.KafkaProperties;
import dev.sluice.kit.BuildInfo;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sluice submit PIPELINE}: a detached streaming job on a Flink session cluster, remembered
 * under a job name together with its sink group id.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "Submit a pipeline to a Flink cluster as a detached streaming job and remember it under its job name.",
      "Every other --flag goes to the pipeline ('sluice run PIPELINE --help' lists them). Set for you:"
          + " --runner=FlinkRunner --streaming=true --attachedMode=false --filesToStage=JAR --sinkGroupId;"
          + " defaults you may override: --checkpointingInterval=10000 --externalizedCheckpointsEnabled=true"
          + " --retainExternalizedCheckpointsOnCancellation=true --exactlyOnce=true.",
      "A fresh submit creates a new sink group id; --fromSavepoint reuses the stored one."
    })
public final class SubmitCommand implements Callable<Integer> {

  /** How long the new job may take to appear on the cluster and to start (or fail). */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Parameters(
      index = "0",
      paramLabel = "PIPELINE",
      description = "Pipeline name (see 'sluice run --help').")
  String pipeline;

  @Mixin ClusterConnection cluster;

  @Option(
      names = "--jobName",
      paramLabel = "NAME",
      description = "Logical job name, kept across restores (default: the pipeline name).")
  String jobName;

  @Option(
      names = "--fromSavepoint",
      paramLabel = "PATH",
      description =
          "Restore from this savepoint or retained checkpoint (as printed by 'sluice savepoint' or 'sluice cancel').")
  String fromSavepoint;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description =
          "Job parallelism (default: parallelism.default of $FLINK_CONF_DIR, else 1); stored for the resume command.")
  Integer parallelism;

  @Option(
      names = "--jar",
      paramLabel = "PATH",
      description = "Job jar the cluster receives (default: target/sluice-flink.jar).")
  Path jar;

  @Mixin ConfigOption config;

  @Unmatched List<String> pipelineArgs = new ArrayList<>();

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    pipelineArgs = PipelineArgs.withBootstrapServers(pipelineArgs);
    PipelineSpec<?> entry = Pipelines.get(pipeline);
    String name = JobStore.checkName(jobName != null ? jobName : pipeline);
    if (parallelism != null && parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1");
    }
    // Always sent and stored, so that the resume command restores at the same parallelism.
    int jobParallelism =
        parallelism != null
            ? parallelism
            : FlinkClientDefaults.parallelism(
                pipelineArgs, Optional.ofNullable(System.getenv("FLINK_CONF_DIR")));
    Path jobJar = checkJar(jar != null ? jar : defaultJar(), jar == null);
    requireFlinkRunner();

    FlinkRest rest = cluster.rest();
    FlinkRest.ClusterOverview overview = rest.overview();
    JobStore store = cluster.store();
    Optional<StoredJob> stored = store.find(name);
    refuseIfRunning(rest, name, stored);

    SubmitRequest request =
        new SubmitRequest(
            pipeline,
            name,
            cluster.flinkMaster,
            jobJar,
            fromSavepoint,
            jobParallelism,
            PipelineArgs.secretsToFile(pipelineArgs));
    SubmitPlan plan = SubmitPlan.of(request, stored, SubmitCommand::randomHex);
    int slotsWanted = jobParallelism;
    if (overview.slotsAvailable() < slotsWanted) {
      System.err.printf(
          "sluice: warning: the job wants %d slot(s), the cluster has %d free of %d; it waits for slots (Flink gives up after 5 min)%n",
          slotsWanted, overview.slotsAvailable(), overview.slotsTotal());
    }

    Set<String> before =
        rest.jobs().stream().map(FlinkRest.JobSummary::id).collect(Collectors.toSet());
    System.err.printf(
        "sluice: submitting %s as '%s' to %s (%s, %d MB)%s ...%n",
        pipeline,
        name,
        rest.baseUrl(),
        jobJar.getFileName(),
        Files.isRegularFile(jobJar) ? size(jobJar) : 0,
        request.restore() ? ", restoring " + fromSavepoint : "");
    Instant submittedAt = Instant.now();
    StableInputNote.before(plan.runnerArgs(), System.err);
    entry.launch(plan.runnerArgs().toArray(new String[0]));
    double uploadSeconds = (System.nanoTime() - t0) / 1e9;

    FlinkRest.JobSummary job = awaitNewJob(rest, name, before);
    store.save(
        new StoredJob(
            name,
            pipeline,
            plan.sinkGroupId(),
            job.id(),
            cluster.flinkMaster,
            submittedAt,
            request.restore() ? fromSavepoint : "",
            stored.map(StoredJob::lastSavepoint).orElse(""),
            stored.map(StoredJob::lastCheckpoint).orElse(""),
            jobParallelism,
            // Secrets are never stored: a resume takes them again (or from the properties file).
            KafkaProperties.redactedArgs(pipelineArgs)));

    // A restore that cannot read its savepoint fails right after submission: say so here.
    String state =
        rest.awaitState(
            job.id(), s -> !s.equals("INITIALIZING") && !s.equals("CREATED"), START_TIMEOUT);
    if (!JobStates.active(state)) {
      throw new IllegalStateException(
          "job '"
              + name
              + "' ("
              + job.id()
              + ") is "
              + state
              + " right after submission: "
              + rest.failureCause(job.id()).orElse("no cause recorded; see the JobManager log"));
    }
    if (state.equals("RUNNING")) {
      state = awaitTasks(rest, job.id());
    }
    System.out.println("job id:      " + job.id());
    System.out.println("web UI:      " + rest.jobUrl(job.id()));
    System.out.println(
        "sink group:  " + plan.sinkGroupId() + (request.restore() ? " (reused)" : " (new)"));
    System.out.println(
        "parallelism: "
            + jobParallelism
            + (parallelism == null ? " (the FlinkRunner's default)" : ""));
    System.err.printf(
        "sluice: submitted %s as '%s' in %.1fs (%.1fs to hand over the job): %s; stored in %s%n",
        pipeline, name, (System.nanoTime() - t0) / 1e9, uploadSeconds, state, store.dir());
    System.err.printf(
        "sluice: next: 'sluice jobs', 'sluice savepoint %s [--stop]', 'sluice cancel %s'%n",
        name, name);
    return 0;
  }

  /**
   * Flink calls a job RUNNING as soon as it is scheduled, while its tasks are still deploying and
   * initializing (a checkpoint triggered then fails). Waits until every task runs, printing "n/m
   * tasks running" as they start; returns the state to report.
   */
  private static String awaitTasks(FlinkRest rest, String jobId) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    JobProgress.Tasks last = null;
    while (true) {
      JobProgress.Tasks tasks = JobProgress.tasks(rest, jobId);
      if (tasks.allStarted()) {
        return "RUNNING (" + tasks + ")";
      }
      // The same answer tells the job's state: a job failing while it deploys ends the wait.
      if (!tasks.jobState().equals("RUNNING")) {
        return tasks.jobState()
            + " ("
            + tasks
            + "; "
            + rest.failureCause(jobId).orElse("no cause recorded")
            + ")";
      }
      if (System.nanoTime() > deadline) {
        return "RUNNING with only "
            + tasks
            + " after "
            + START_TIMEOUT.toSeconds()
            + " s (too few free slots? 'sluice jobs -v' shows each vertex)";
      }
      if (!tasks.equals(last)) {
        System.err.println("sluice: " + tasks + " ...");
        last = tasks;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "RUNNING (" + tasks + ")";
      }
    }
  }

  static Path defaultJar() {
    return Path.of(System.getProperty("sluice.home", "target"), "sluice-flink.jar");
  }

  private static Path checkJar(Path path, boolean isDefault) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "job jar "
              + path
              + " is missing; build it with 'SLUICE_MAVEN_ARGS=-Pflink-runner scripts/sluice ...'"
              + " or 'mvn -Pflink-runner package'");
    }
    // scripts/sluice rebuilds the thin jar when sources change, but a build with another profile
    // leaves an old job jar behind.
    Path thin = path.resolveSibling("sluice.jar");
    try {
      if (isDefault
          && Files.isRegularFile(thin)
          && Files.getLastModifiedTime(thin).toMillis() - Files.getLastModifiedTime(path).toMillis()
              > 60_000) {
        System.err.println(
            "sluice: warning: "
                + path
                + " is older than "
                + thin
                + " and may miss recent changes;"
                + " rebuild with SLUICE_MAVEN_ARGS=-Pflink-runner");
      }
    } catch (java.io.IOException e) {
      // Only a warning depends on it.
    }
    return path;
  }

  private static void requireFlinkRunner() {
    RunnerCheck.require(List.of("--runner=FlinkRunner"), SubmitCommand.class.getClassLoader());
  }

  /**
   * A second job under the same name would share the sink group id (restore) or the Flink job name
   * (both), and write the same results twice.
   */
  private static void refuseIfRunning(FlinkRest rest, String name, Optional<StoredJob> stored) {
    Optional<FlinkRest.JobSummary> sameName =
        rest.jobs().stream().filter(j -> j.active() && j.name().equals(name)).findFirst();
    Optional<String> storedState =
        stored
            .filter(s -> !s.flinkJobId().isBlank())
            .flatMap(s -> rest.job(s.flinkJobId()))
            .filter(j -> JobStates.active(j.state()))
            .map(j -> j.state() + " as " + j.id());
    Optional<String> running = storedState.or(() -> sameName.map(j -> j.state() + " as " + j.id()));
    if (running.isPresent()) {
      throw new IllegalStateException(
          "job '"
              + name
              + "' is still "
              + running.get()
              + " on the cluster; stop it first ('sluice savepoint "
              + name
              + " --stop' or 'sluice cancel "
              + name
              + "') or choose another --jobName");
    }
  }

  /** The FlinkRunner has handed the job over; find its id by name (it does not tell us). */
  private static FlinkRest.JobSummary awaitNewJob(FlinkRest rest, String name, Set<String> before) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      Optional<FlinkRest.JobSummary> job =
          rest.jobs().stream()
              .filter(j -> j.name().equals(name) && !before.contains(j.id()))
              .findFirst();
      if (job.isPresent()) {
        return job.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the FlinkRunner returned, but no new job named '"
                + name
                + "' appeared on "
                + rest.baseUrl()
                + " within "
                + START_TIMEOUT.toSeconds()
                + " s; see the JobManager log");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p) / 1_000_000;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  static String randomHex() {
    return String.format("%08x", RANDOM.nextInt());
  }
}
