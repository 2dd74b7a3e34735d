package dev.sluice.cli;

import dev.sluice.kit.AuditReport;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.Pipelines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sluice audit PIPELINE [the job's own flags]}: recomputes what a job should have committed
 * from its input topic and compares with what it did commit (read_committed).
 */
@Command(
    name = "audit",
    description = {
      "Check what a job committed (read_committed) against its input, recomputed here: nothing"
          + " lost, nothing committed twice, every invalid record dead-lettered once. Output not"
          + " yet final by the input's own watermark is skipped, so a running job can be audited.",
      "Give the job's own flags (--inputTopic=... --window=...); 'sluice run PIPELINE --help'"
          + " lists them. Exit code 0 when clean, 1 otherwise."
    })
public final class AuditCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PIPELINE",
      description = "Catalogued pipeline (default: windowed-aggregate).")
  String pipeline;

  @Mixin ConfigOption config;

  @Unmatched List<String> pipelineArgs = new ArrayList<>();

  @Override
  public Integer call() {
    if (pipeline != null && pipeline.startsWith("--")) {
      pipelineArgs.add(0, pipeline);
      pipeline = null;
    }
    return audit(Pipelines.get(pipeline == null ? "windowed-aggregate" : pipeline));
  }

  private <O extends SluiceOptions> int audit(PipelineSpec<O> spec) {
    O options = spec.parse(PipelineArgs.withBootstrapServers(pipelineArgs).toArray(new String[0]));
    System.err.printf(
        "audit: %s, reading %s and what it wrote ...%n",
        spec.name(), String.join(",", options.getInputTopic()));
    AuditReport report = spec.audit(options);
    System.out.println(report.format());
    return report.clean() ? 0 : 1;
  }
}
