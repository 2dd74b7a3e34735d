package dev.sluice.cli;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.JobStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the Flink cluster answers and where the job store lives; shared by the cluster commands.
 */
public final class ClusterConnection {

  @Option(
      names = "--flinkMaster",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:SLUICE_FLINK_MASTER:-127.0.0.1:8081}",
      description =
          "REST address of the Flink cluster (default: ${DEFAULT-VALUE}; env SLUICE_FLINK_MASTER).")
  String flinkMaster;

  @Option(
      names = "--stateDir",
      paramLabel = "DIR",
      description =
          "Job store: one file per job name with its sink group id and last savepoint"
              + " (default: $SLUICE_STATE_DIR, else ~/.sluice/jobs).")
  Path stateDir;

  private FlinkRest rest;

  FlinkRest rest() {
    if (rest == null) {
      rest = new FlinkRest(flinkMaster);
    }
    return rest;
  }

  JobStore store() {
    return new JobStore(stateDir != null ? stateDir : JobStore.defaultDir());
  }
}
