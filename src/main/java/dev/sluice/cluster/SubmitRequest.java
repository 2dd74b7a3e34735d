package dev.sluice.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@code sluice submit} as the user typed it.
 *
 * @param fromSavepoint savepoint or retained checkpoint to restore; null for a fresh start
 * @param parallelism null sends none (the FlinkRunner then uses its default); submit always gives
 *     one
 * @param pipelineArgs every other flag, passed to the pipeline (and Beam) as given
 */
public record SubmitRequest(
    String pipeline,
    String jobName,
    String flinkMaster,
    Path jar,
    String fromSavepoint,
    Integer parallelism,
    List<String> pipelineArgs) {

  public SubmitRequest {
    pipelineArgs = List.copyOf(pipelineArgs);
  }

  public boolean restore() {
    return fromSavepoint != null;
  }
}
