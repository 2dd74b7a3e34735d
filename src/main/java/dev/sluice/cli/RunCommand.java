package dev.sluice.cli;

import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.Pipelines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sluice run PIPELINE [--runner=...] [pipeline options]}: Beam flags pass straight through.
 */
@Command(
    name = "run",
    description = {
      "Run a pipeline. Every other flag is a Beam pipeline option, e.g. --runner=FlinkRunner.",
      "'sluice run PIPELINE --help' lists the pipeline's options; --config FILE.yaml takes them from a"
          + " file (flags win)."
    })
public final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "PIPELINE", description = "Pipeline name.")
  String pipeline;

  @Mixin ConfigOption config;

  @Unmatched List<String> pipelineArgs = new ArrayList<>();

  @Override
  public Integer call() {
    boolean help = pipelineArgs.contains("--help") || pipelineArgs.contains("-h");
    if (pipeline == null || pipeline.equals("--help") || pipeline.equals("-h")) {
      System.out.println(
          "Usage: sluice run PIPELINE [--config FILE.yaml] [--runner=DirectRunner|FlinkRunner|DataflowRunner] [options]");
      System.out.println("Pipelines:");
      Pipelines.all()
          .values()
          .forEach(e -> System.out.printf("  %-20s %s%n", e.name(), e.summary()));
      return pipeline == null ? 2 : 0;
    }
    PipelineSpec<?> entry = Pipelines.get(pipeline);
    if (help) {
      PipelineOptionsFactory.register(entry.options());
      PipelineOptionsFactory.printHelp(System.out, entry.options());
      return 0;
    }
    RunnerCheck.require(pipelineArgs, RunCommand.class.getClassLoader());
    List<String> args = PipelineArgs.secretsToFile(PipelineArgs.withBootstrapServers(pipelineArgs));
    return entry.main(args.toArray(new String[0]));
  }
}
