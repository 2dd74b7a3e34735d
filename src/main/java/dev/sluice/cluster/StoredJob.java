package dev.sluice.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What the CLI remembers about one logical job (a --jobName) across the Flink jobs that carry it:
 * each restore is a new Flink job id, but the sink group id stays.
 *
 * @param restoredFrom savepoint or checkpoint the current Flink job started from; empty if fresh
 * @param parallelism what the job runs at, for the resume command (a restore without it would run
 *     at the FlinkRunner's default and silently rescale); 0 in job files written before it was kept
 * @param pipelineArgs the pipeline options it was submitted with, to print a resume command
 */
public record StoredJob(
    String name,
    String pipeline,
    String sinkGroupId,
    String flinkJobId,
    String flinkMaster,
    Instant submittedAt,
    String restoredFrom,
    String lastSavepoint,
    String lastCheckpoint,
    int parallelism,
    List<String> pipelineArgs) {

  public StoredJob {
    pipelineArgs = List.copyOf(pipelineArgs);
  }

  public StoredJob withSavepoint(String path) {
    return new StoredJob(
        name,
        pipeline,
        sinkGroupId,
        flinkJobId,
        flinkMaster,
        submittedAt,
        restoredFrom,
        path,
        lastCheckpoint,
        parallelism,
        pipelineArgs);
  }

  public StoredJob withCheckpoint(String path) {
    return new StoredJob(
        name,
        pipeline,
        sinkGroupId,
        flinkJobId,
        flinkMaster,
        submittedAt,
        restoredFrom,
        lastSavepoint,
        path,
        parallelism,
        pipelineArgs);
  }
}
