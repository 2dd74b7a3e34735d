package dev.sluice.cli;

import dev.sluice.kit.BuildInfo;
import dev.sluice.local.LocalKafkaProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts, stops and inspects the local development broker (a child JVM, see LocalKafkaProcess). */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Run a local single-node Kafka broker for development.",
    subcommands = {KafkaCommand.Start.class, KafkaCommand.Stop.class, KafkaCommand.Status.class})
public final class KafkaCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (start, stop or status)");
  }

  /** The script passes -Dsluice.home=<repo>/target; the broker's files live below it. */
  static Path stateDir() {
    return Path.of(System.getProperty("sluice.home", "target"), "local-kafka");
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      versionProvider = BuildInfo.class,
      description = "Start the broker in the background (data kept in the state dir).")
  static final class Start implements Callable<Integer> {
    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "9092",
        description = "Listener port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() {
      LocalKafkaProcess.Status status = LocalKafkaProcess.status(stateDir());
      if (status.running()) {
        System.out.println(
            "Kafka is already running at "
                + status.bootstrapServers()
                + " (pid "
                + status.pid()
                + ")");
        return 0;
      }
      long started = System.nanoTime();
      String address = LocalKafkaProcess.start(stateDir(), port, System.err);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.err.printf("Kafka started in %.1fs (log: %s)%n", seconds, status.log());
      System.out.println(address);
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      versionProvider = BuildInfo.class,
      description = "Stop the broker (its data is kept).")
  static final class Stop implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(
          LocalKafkaProcess.stop(stateDir()) ? "Kafka stopped" : "Kafka was not running");
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = BuildInfo.class,
      description = "Show whether the broker runs; exit code 3 if not.")
  static final class Status implements Callable<Integer> {
    @Override
    public Integer call() {
      LocalKafkaProcess.Status status = LocalKafkaProcess.status(stateDir());
      if (!status.running()) {
        System.out.println("Kafka is not running (start it with 'sluice kafka start')");
        return 3;
      }
      String topics = status.topics() < 0 ? "not answering yet" : status.topics() + " topics";
      System.out.println(
          "Kafka is running at "
              + status.bootstrapServers()
              + " (pid "
              + status.pid()
              + ", "
              + topics
              + ")");
      return 0;
    }
  }
}
