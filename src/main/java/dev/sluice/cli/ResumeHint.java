package dev.sluice.cli;

import dev.sluice.cluster.StoredJob;
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
    words.addAll(job.pipelineArgs());
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      sb.append(sb.length() == 0 ? "" : " ").append(quote(w));
    }
    return sb.toString();
  }

  static String quote(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
