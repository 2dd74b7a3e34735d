package dev.sluice.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a submit sends, decided before anything is sent: the sink group id and the FlinkRunner's
 * arguments. No I/O here, so the rules are tested without a cluster.
 */
public record SubmitPlan(String sinkGroupId, List<String> runnerArgs) {

  /**
   * Flags {@code sluice submit} sets itself; a user value would break what it promises (a detached
   * streaming job on this cluster, the stored sink group, the cluster's restart strategy).
   */
  static final Map<String, String> MANAGED =
      Map.ofEntries(
          Map.entry("runner", "submit always uses the FlinkRunner"),
          Map.entry("flinkMaster", "use submit's own --flinkMaster"),
          Map.entry("filesToStage", "use --jar"),
          Map.entry("jobName", "use submit's own --jobName"),
          Map.entry("streaming", "submit always runs in streaming mode"),
          Map.entry("attachedMode", "submit always detaches"),
          Map.entry("sinkGroupId", "submit keeps it per job name in the job store"),
          Map.entry("savepointPath", "use --fromSavepoint"),
          Map.entry("parallelism", "use submit's own --parallelism"),
          Map.entry(
              "numberOfExecutionRetries",
              "Beam would replace the cluster's restart strategy with a fixed-delay one"),
          Map.entry(
              "executionRetryDelay",
              "Beam would replace the cluster's restart strategy with a fixed-delay one"));

  /** Defaults a user may override: checkpoints every 10 s, kept on cancel, exactly-once sink. */
  static final List<String> DEFAULTS =
      List.of(
          "--checkpointingInterval=10000",
          "--externalizedCheckpointsEnabled=true",
          "--retainExternalizedCheckpointsOnCancellation=true",
          "--exactlyOnce=true");

  /**
   * @param stored what the job store holds for the request's job name
   * @param randomHex 8 random hex digits for a new sink group id
   */
  public static SubmitPlan of(
      SubmitRequest request, Optional<StoredJob> stored, Supplier<String> randomHex) {
    String sinkGroupId = sinkGroupId(request, stored, randomHex);
    for (String arg : request.pipelineArgs()) {
      String name = flagName(arg);
      if (name != null && MANAGED.containsKey(name)) {
        throw new IllegalArgumentException(
            "--" + name + " cannot be passed to submit: " + MANAGED.get(name));
      }
    }
    List<String> args = new ArrayList<>();
    args.add("--runner=FlinkRunner");
    args.add("--flinkMaster=" + request.flinkMaster());
    args.add("--filesToStage=" + request.jar().toAbsolutePath());
    args.add("--streaming=true");
    args.add("--attachedMode=false");
    args.add("--jobName=" + request.jobName());
    args.add("--sinkGroupId=" + sinkGroupId);
    if (request.restore()) {
      args.add("--savepointPath=" + request.fromSavepoint());
    }
    if (request.parallelism() != null) {
      args.add("--parallelism=" + request.parallelism());
    }
    for (String d : DEFAULTS) {
      if (!given(request.pipelineArgs(), flagName(d))) {
        args.add(d);
      }
    }
    args.addAll(request.pipelineArgs());
    return new SubmitPlan(sinkGroupId, List.copyOf(args));
  }

  /**
   * A fresh start gets a new id: reusing an old one would make the new job's Kafka transactions
   * collide with (and abort, or be fenced by) those of an earlier job. A restore must reuse the
   * stored id: the savepoint's sink state refers to transactions under that id, and a new id would
   * leave them open and write the replayed results a second time.
   */
  static String sinkGroupId(
      SubmitRequest request, Optional<StoredJob> stored, Supplier<String> randomHex) {
    if (!request.restore()) {
      return request.jobName() + "-" + randomHex.get();
    }
    StoredJob job =
        stored
            .filter(j -> !j.sinkGroupId().isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no sink group id is stored for job '"
                            + request.jobName()
                            + "', so the savepoint's sink state would not match;"
                            + " restore under the --jobName it was taken with, or submit without --fromSavepoint to start afresh"));
    if (!job.pipeline().equals(request.pipeline())) {
      throw new IllegalStateException(
          "job '"
              + request.jobName()
              + "' runs pipeline "
              + job.pipeline()
              + ", not "
              + request.pipeline()
              + "; a savepoint restores only into the pipeline that wrote it");
    }
    return job.sinkGroupId();
  }

  /** "--name=value" or "--name" -> "name"; anything else (a value, a short flag) -> null. */
  static String flagName(String arg) {
    if (!arg.startsWith("--") || arg.length() == 2) {
      return null;
    }
    int eq = arg.indexOf('=');
    return eq < 0 ? arg.substring(2) : arg.substring(2, eq);
  }

  private static boolean given(List<String> args, String name) {
    return args.stream().anyMatch(a -> name.equals(flagName(a)));
  }
}
