package dev.sluice.cli;

import dev.sluice.kit.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sluice} command line: one subcommand per user task. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Event-time stream processing on Apache Beam, fed by Kafka.",
    subcommands = {
      KafkaCommand.class,
      TopicsCommand.class,
      ProduceCommand.class,
      GenerateCommand.class,
      RunCommand.class,
      SubmitCommand.class,
      JobsCommand.class,
      SavepointCommand.class,
      CancelCommand.class,
      ConsumeCommand.class,
      DemoCommand.class,
      AuditCommand.class,
      ChaosCommand.class,
      RulesCommand.class,
      EvaluateCommand.class,
      PlotCommand.class,
      SeriesCommand.class,
      TopCommand.class,
      DashboardCommand.class,
      SchemasCommand.class
    })
public final class Sluice implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code; wrong flags give a one-line error. */
  public static int execute(String... args) {
    PipelineArgs.warnAboutVisibleSecrets(java.util.List.of(args));
    CommandLine cli = new CommandLine(new Sluice());
    cli.setParameterExceptionHandler(
        (ex, ignored) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr()
              .println(
                  "sluice: "
                      + ex.getMessage()
                      + " (see '"
                      + cmd.getCommandSpec().qualifiedName()
                      + " --help')");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, ignored) -> {
          cmd.getErr().println("sluice " + cmd.getCommandName() + ": " + oneLine(ex));
          return 1;
        });
    String[] merged;
    try {
      merged = ConfigFile.expand(args);
    } catch (IllegalArgumentException e) {
      cli.getErr().println("sluice: " + e.getMessage());
      return 2;
    }
    return cli.execute(merged);
  }

  private static String oneLine(Throwable ex) {
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    if (root != ex && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg = msg + ": " + root.getMessage();
    }
    return msg.replace('\n', ' ');
  }
}
