package dev.sluice.kit;

import dev.sluice.kafka.ReplayRun;
import dev.sluice.runner.RunnerTraits;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which named run a launch is: decided once, from {@code --bounded}, {@code --runId}, {@code
 * --resume}.
 */
final class ReplayRuns {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private ReplayRuns() {}

  /**
   * The run a {@code --bounded} Kafka replay is, or null for any other read. A new run's id is made
   * on the first call and kept in the options, so the read and every output see one run.
   */
  static ReplayRun of(SluiceOptions options) {
    String resume = options.getResume().strip();
    boolean replay = options.getBounded() && options.getSource() == SourceOptions.Source.kafka;
    if (!replay) {
      if (!resume.isEmpty()) {
        throw new IllegalArgumentException(
            "--resume completes a --bounded replay of Kafka; a streaming job resumes from a"
                + " checkpoint or savepoint ('sluice submit --fromSavepoint=PATH')");
      }
      return null;
    }
    RunnerTraits runner = RunnerTraits.of(options);
    if (!runner.resumesReplays()) {
      if (!resume.isEmpty()) {
        throw new IllegalArgumentException(
            "--resume works on the DirectRunner, whose bounded replay writes the same records on"
                + " every run; on the "
                + runner.runner()
                + " a replay's panes depend on how fast each partition is read, so a second run"
                + " cannot tell which records the first wrote: replay anew into fresh topics");
      }
      return null;
    }
    String runId = options.getRunId().strip();
    if (!resume.isEmpty()) {
      if (!runId.isEmpty() && !runId.equals(resume)) {
        throw new IllegalArgumentException(
            "--runId=" + runId + " and --resume=" + resume + " name two runs; drop --runId");
      }
      return new ReplayRun(resume, true);
    }
    if (runId.isEmpty()) {
      // Wall-clock time only names the run, for people; nothing is computed from it.
      runId =
          String.format(
              "run-%s-%04x",
              ZonedDateTime.now(ZoneOffset.UTC).format(STAMP),
              ThreadLocalRandom.current().nextInt(0x10000));
      options.setRunId(runId);
    }
    return new ReplayRun(runId, false);
  }

  /** The run's line in a launch's opening lines, or null when the launch is no named run. */
  static String describe(SluiceOptions options) {
    ReplayRun run = of(options);
    if (run == null) {
      boolean replay = options.getBounded() && options.getSource() == SourceOptions.Source.kafka;
      return replay
          ? "this replay cannot be resumed on the "
              + RunnerTraits.of(options).runner()
              + " (--resume needs the DirectRunner); if it dies, replay anew into fresh topics"
          : null;
    }
    return run.resume()
        ? "resuming run "
            + run.id()
            + ": the input it recorded, leaving out every record it had written"
        : "run "
            + run.id()
            + " (if it dies, the same command with --resume="
            + run.id()
            + " completes it, each record written once)";
  }
}
