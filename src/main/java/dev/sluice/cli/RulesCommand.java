package dev.sluice.cli;

import dev.sluice.kit.BuildInfo;
import dev.sluice.pipelines.router.RuleSet;
import dev.sluice.pipelines.router.RulesTopic;
import dev.sluice.rules.InvalidRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice rules publish FILE} and {@code sluice rules show}: the router's live rules. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Publish and show the rule sets a running router takes from its rules topic.",
    subcommands = {RulesCommand.Publish.class, RulesCommand.Show.class})
public final class RulesCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (publish or show)");
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Check a rule set and publish it; a router reading the topic applies it to events whose"
            + " time is at or after the moment it is published.",
        "Refused (nothing published) if it does not parse or its version is not newer."
      })
  static final class Publish implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @Parameters(index = "0", paramLabel = "FILE", description = "Rule set (YAML or JSON).")
    Path file;

    @Option(
        names = "--topic",
        defaultValue = "router-rules",
        description = "Rules topic, created compacted if missing (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws IOException {
      RuleSet rules;
      try {
        rules = RuleSet.parse(Files.readString(file));
      } catch (InvalidRules e) {
        System.err.println("sluice rules publish: " + file + " refused: " + e.getMessage());
        return 1;
      }
      RecordMetadata at = RulesTopic.publish(kafka.clientProperties(), topic, rules);
      System.out.printf(
          "published rule set version %d (%d routes, default %s) to %s at offset %d;"
              + " it applies to events from %s%n",
          rules.version(),
          rules.size(),
          rules.defaultTopic(),
          topic,
          at.offset(),
          Instant.ofEpochMilli(at.timestamp()));
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the newest valid rule set on the topic and the history of versions.")
  static final class Show implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @Option(
        names = "--topic",
        defaultValue = "router-rules",
        description = "Rules topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() {
      List<RulesTopic.Entry> entries = RulesTopic.read(kafka.bootstrapServers(), topic);
      for (RulesTopic.Entry e : entries) {
        System.out.printf(
            "  offset %d at %s: %s%n",
            e.offset(),
            e.timestamp(),
            e.valid()
                ? "version " + e.rules().version() + ", " + e.rules().size() + " routes"
                : "refused: " + e.refusal());
      }
      var latest = RulesTopic.latest(kafka.bootstrapServers(), topic);
      if (latest.isEmpty()) {
        System.out.println("no valid rule set on " + topic);
        return 1;
      }
      System.out.printf(
          "in force from %s: version %d%n%s",
          latest.get().timestamp(), latest.get().rules().version(), latest.get().rules().text());
      return 0;
    }
  }
}
