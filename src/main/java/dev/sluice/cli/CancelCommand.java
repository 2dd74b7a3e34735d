package dev.sluice.cli;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.JobStates;
import dev.sluice.cluster.JobStore;
import dev.sluice.kit.BuildInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice cancel JOB}: cancels and tells where to resume from. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "Cancel a job (no savepoint) and print its last retained checkpoint, from which",
      "'sluice submit PIPELINE --jobName=NAME --fromSavepoint=PATH' resumes it."
    })
public final class CancelCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "JOB", description = "Flink job id or stored job name.")
  String job;

  @Mixin ClusterConnection cluster;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    FlinkRest rest = cluster.rest();
    JobStore store = cluster.store();
    JobRef ref = JobRef.resolve(job, store);
    FlinkRest.JobDetail detail =
        rest.job(ref.flinkJobId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "job " + ref.label() + " is not on the cluster at " + rest.baseUrl()));
    String state = detail.state();
    if (JobStates.active(state)) {
      rest.cancel(ref.flinkJobId());
      state = rest.awaitState(ref.flinkJobId(), s -> !JobStates.active(s), Duration.ofSeconds(60));
    } else {
      System.err.println("sluice: job " + ref.label() + " had already ended: " + state);
    }
    Optional<String> checkpoint = rest.latestCheckpoint(ref.flinkJobId());
    ref.stored()
        .filter(s -> checkpoint.isPresent())
        .ifPresent(s -> store.save(s.withCheckpoint(checkpoint.get())));
    System.err.printf(
        "sluice: job %s is %s (%.1fs)%n", ref.label(), state, (System.nanoTime() - t0) / 1e9);
    if (checkpoint.isEmpty()) {
      System.err.println(
          "sluice: no completed checkpoint to resume from (cancelled before the first one, or checkpointing was off)");
      return 0;
    }
    System.out.println("last retained checkpoint: " + checkpoint.get());
    ref.stored()
        .ifPresent(
            s -> System.out.println("resume with: " + ResumeHint.command(s, checkpoint.get())));
    return 0;
  }
}
