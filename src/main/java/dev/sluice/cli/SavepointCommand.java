package dev.sluice.cli;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.JobStates;
import dev.sluice.cluster.JobStore;
import dev.sluice.kit.BuildInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice savepoint JOB [--stop]}: a savepoint, recorded in the job store. */
@Command(
    name = "savepoint",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "Take a savepoint of a running job and record its path; with --stop the job then stops",
      "(stop-with-savepoint: windows stay open in the savepoint, nothing is flushed early)."
    })
public final class SavepointCommand implements Callable<Integer> {

  private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  @Parameters(index = "0", paramLabel = "JOB", description = "Flink job id or stored job name.")
  String job;

  @Mixin ClusterConnection cluster;

  @Option(names = "--stop", description = "Stop the job once the savepoint is complete.")
  boolean stop;

  @Option(
      names = "--targetDirectory",
      paramLabel = "DIR",
      description = "Where the savepoint goes (default: the cluster's state.savepoints.dir).")
  String targetDirectory;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    FlinkRest rest = cluster.rest();
    JobStore store = cluster.store();
    JobRef ref = JobRef.resolve(job, store);
    String state =
        rest.job(ref.flinkJobId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "job " + ref.label() + " is not on the cluster at " + rest.baseUrl()))
            .state();
    if (!state.equals("RUNNING")) {
      throw new IllegalStateException(
          "job " + ref.label() + " is " + state + "; a savepoint needs a RUNNING job");
    }
    String target = targetDirectory == null ? null : absolute(targetDirectory);
    System.err.printf(
        "sluice: %s of job %s ...%n", stop ? "stop-with-savepoint" : "savepoint", ref.label());
    long[] nextReport = {5};
    java.util.function.Consumer<Duration> progress =
        elapsed -> {
          if (elapsed.toSeconds() >= nextReport[0]) {
            System.err.printf("sluice:   still in progress (%ds)%n", elapsed.toSeconds());
            nextReport[0] = elapsed.toSeconds() + 5;
          }
        };
    String path =
        stop
            ? rest.stopWithSavepoint(ref.flinkJobId(), target, progress)
            : rest.savepoint(ref.flinkJobId(), target, progress);
    ref.stored().ifPresent(s -> store.save(s.withSavepoint(path)));
    String after =
        stop
            ? rest.awaitState(ref.flinkJobId(), s -> !JobStates.active(s), Duration.ofSeconds(60))
            : "RUNNING";
    System.out.println(path);
    System.err.printf(
        "sluice: savepoint of job %s completed in %.1fs; the job is %s%s%n",
        ref.label(),
        (System.nanoTime() - t0) / 1e9,
        after,
        ref.stored().isPresent()
            ? "; recorded in " + store.dir()
            : " (not a stored job: not recorded)");
    if (stop) {
      ref.stored()
          .ifPresent(
              s -> System.err.println("sluice: resume with: " + ResumeHint.command(s, path)));
    }
    return 0;
  }

  /**
   * A local path without a scheme is made absolute here: the JobManager's working directory is not
   * ours.
   */
  static String absolute(String dir) {
    return HAS_SCHEME.matcher(dir).matches()
        ? dir
        : Path.of(dir).toAbsolutePath().normalize().toUri().toString();
  }
}
