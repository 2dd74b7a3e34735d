package dev.sluice.cli;

import dev.sluice.cluster.StoredJob;
import dev.sluice.kafka.KafkaProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command that resumes a stored job from a savepoint or retained checkpoint, ready to paste.
 */
final class ResumeHint {

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

  private ResumeHint() {}

  static String command(StoredJob job, String path) {
    List<String> words =
        new ArrayList<>(
            List.of(
                "scripts/sluice",
                "submit",
                job.pipeline(),
                "--jobName=" + job.name(),
                "--fromSavepoint=" + path));
    // Without it the restore would run at the FlinkRunner's default (1) and silently rescale.
    if (job.parallelism() > 0) {
      words.add("--parallelism=" + job.parallelism());
    }
    // Job files written before secrets were hidden may still hold some: never print them.
    List<String> args = KafkaProperties.redactedArgs(job.pipelineArgs());
    words.addAll(args);
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      sb.append(sb.length() == 0 ? "" : " ").append(quote(w));
    }
    if (job.parallelism() <= 0) {
      sb.append(
          "   # parallelism was not stored (submitted by an older sluice): add --parallelism=N"
              + " as it ran, or it restores at the FlinkRunner's default of 1");
    }
    if (args.stream().anyMatch(a -> a.endsWith("=" + KafkaProperties.HIDDEN))) {
      sb.append("   # secrets were not stored: give them again, or use --kafkaPropertiesFile");
    }
    return sb.toString();
  }

  static String quote(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
