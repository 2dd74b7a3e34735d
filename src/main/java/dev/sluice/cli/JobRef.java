package dev.sluice.cli;

import dev.sluice.cluster.JobStore;
import dev.sluice.cluster.StoredJob;
import java.util.Optional;
import java.util.regex.Pattern;

/** A JOB argument resolved: a Flink job id as given, or the last Flink job of a stored job name. */
record JobRef(String flinkJobId, Optional<StoredJob> stored) {

  private static final Pattern FLINK_JOB_ID = Pattern.compile("[0-9a-f]{32}");

  static JobRef resolve(String job, JobStore store) {
    if (FLINK_JOB_ID.matcher(job).matches()) {
      return new JobRef(job, store.findByFlinkJobId(job));
    }
    StoredJob stored =
        store
            .find(job)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + job
                            + "' is neither a Flink job id (32 hex digits) nor a job name in the job store "
                            + store.dir()
                            + " ('sluice jobs --all' lists both)"));
    if (stored.flinkJobId().isBlank()) {
      throw new IllegalStateException("job '" + job + "' has no Flink job id in " + store.dir());
    }
    return new JobRef(stored.flinkJobId(), Optional.of(stored));
  }

  /** "'name' (id)" or just the id. */
  String label() {
    return stored.map(s -> "'" + s.name() + "' (" + flinkJobId + ")").orElse(flinkJobId);
  }
}
