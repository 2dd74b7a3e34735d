package dev.sluice.cli;

import dev.sluice.kafka.Topics;
import dev.sluice.kit.BuildInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates and lists topics; the local broker does not auto-create them. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Create and list Kafka topics.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
public final class TopicsCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (create or list)");
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = BuildInfo.class,
      description = "Create a topic (no-op if it exists with the same partitions).")
  static final class Create implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin KafkaConnection kafka;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    String name;

    @Option(
        names = "--partitions",
        paramLabel = "N",
        defaultValue = "1",
        description = "Number of partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--config",
        paramLabel = "KEY=VALUE",
        description = "Topic config such as retention.ms=-1; repeatable.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Override
    public Integer call() {
      if (partitions < 1) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--partitions must be at least 1");
      }
      boolean created = Topics.create(kafka.clientProperties(), name, partitions, configs);
      System.out.println(
          created
              ? "created topic " + name + " (" + partitions + " partitions)"
              : "topic " + name + " already exists (" + partitions + " partitions)");
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = BuildInfo.class,
      description = "List topics with partitions and offsets.")
  static final class ListTopics implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @Override
    public Integer call() {
      Map<String, Object> props = kafka.clientProperties();
      Set<String> names = Topics.list(props);
      for (String name : names) {
        Map<org.apache.kafka.common.TopicPartition, long[]> offsets =
            dev.sluice.kafka.PartitionOffsets.fetch(kafka.bootstrapServers(), props, name);
        // end - begin counts transaction markers too, so call it offsets rather than records.
        long span = offsets.values().stream().mapToLong(o -> o[1] - o[0]).sum();
        System.out.printf("%-40s %3d partitions %12d offsets%n", name, offsets.size(), span);
      }
      System.err.println(names.size() + " topics at " + kafka.bootstrapServers());
      return 0;
    }
  }
}
