package dev.sluice.cli;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.quality.ClickstreamEvaluation;
import dev.sluice.quality.ClickstreamResult;
import dev.sluice.quality.ClickstreamTruth;
import dev.sluice.quality.FunnelRecord;
import dev.sluice.quality.RejectedEvents;
import dev.sluice.quality.SessionRecord;
import dev.sluice.time.Durations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate clickstream}: the job's sessions and funnels against the generator's truth. */
@Command(
    name = "clickstream",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute the sessions and funnels of the events a clickstream job accepted (the truth of"
          + " generate --scenario clickstream, minus its dead letters, late events and repeats)"
          + " and compare them, user by user, with what it wrote.",
      "Exit code 0 only when every user's sessions and funnels match exactly."
    })
final class EvaluateClickstreamCommand implements Callable<Integer> {

  @Mixin KafkaConnection kafka;

  @Spec CommandSpec spec;

  @Option(
      names = "--truth",
      required = true,
      paramLabel = "FILE",
      description = "Truth file of generate --scenario clickstream.")
  Path truth;

  @Option(names = "--sessionsTopic", description = "The job's sessions topic.")
  String sessionsTopic;

  @Option(names = "--funnelsTopic", description = "The job's funnels topic.")
  String funnelsTopic;

  @Option(
      names = "--sessions",
      paramLabel = "FILE",
      description = "Read the session records from a JSON-lines file instead.")
  Path sessionsFile;

  @Option(
      names = "--funnels",
      paramLabel = "FILE",
      description = "Read the funnel records from a JSON-lines file instead.")
  Path funnelsFile;

  @Option(
      names = "--lateTopic",
      defaultValue = "",
      description = "The job's late topic: its events count as not accepted.")
  String lateTopic;

  @Option(
      names = "--deadLetterTopic",
      defaultValue = "",
      description =
          "The job's dead-letter topic (raw or json format): its events count as not accepted.")
  String deadLetterTopic;

  @Option(
      names = "--sessionGap",
      defaultValue = "30m",
      converter = Durations.Converter.class,
      description = "The job's --sessionGap (default: ${DEFAULT-VALUE}).")
  Duration sessionGap;

  @Option(
      names = "--stepTimeout",
      defaultValue = "30m",
      converter = Durations.Converter.class,
      description = "The job's --stepTimeout (default: ${DEFAULT-VALUE}).")
  Duration stepTimeout;

  @Override
  public Integer call() throws Exception {
    if ((sessionsTopic == null) == (sessionsFile == null)
        || (funnelsTopic == null) == (funnelsFile == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give --sessionsTopic or --sessions, and --funnelsTopic or --funnels");
    }
    ClickstreamTruth facts = ClickstreamTruth.read(truth);
    List<SessionRecord> sessions =
        values(sessionsTopic, sessionsFile).stream().map(SessionRecord::parse).toList();
    List<FunnelRecord> funnels =
        values(funnelsTopic, funnelsFile).stream().map(FunnelRecord::parse).toList();
    RejectedEvents late = rejected(kafka.bootstrapServers(), lateTopic);
    RejectedEvents deadLetters = rejected(kafka.bootstrapServers(), deadLetterTopic);
    ClickstreamResult result =
        ClickstreamEvaluation.evaluate(
            facts, deadLetters, late, sessions, funnels, sessionGap, stepTimeout);
    var out = spec.commandLine().getOut();
    out.printf(
        "%d session and %d funnel records; %d late and %d dead-letter records (%d of them not"
            + " an identifiable event); session gap %s, step timeout %s%n",
        sessions.size(),
        funnels.size(),
        late.records(),
        deadLetters.records(),
        late.unidentified() + deadLetters.unidentified(),
        IotScenario.human(sessionGap),
        IotScenario.human(stepTimeout));
    out.print(result.toTable());
    out.flush();
    return result.matches() ? 0 : 1;
  }

  private List<String> values(String topic, Path file) throws Exception {
    List<String> lines =
        file != null
            ? Files.readAllLines(file)
            : TopicSnapshot.values(kafka.bootstrapServers(), topic);
    return lines.stream().filter(l -> l != null && !l.isBlank()).toList();
  }

  /**
   * The whole check from topics, for the demo: the truth file against what a clickstream job wrote
   * to its sessions, funnels, late and dead-letter topics ("" for none of the last two).
   */
  static ClickstreamResult evaluateTopics(
      String bootstrap,
      Path truthFile,
      String sessionsTopic,
      String funnelsTopic,
      String lateTopic,
      String deadLetterTopic,
      Duration sessionGap,
      Duration stepTimeout)
      throws java.io.IOException {
    return ClickstreamEvaluation.evaluate(
        ClickstreamTruth.read(truthFile),
        rejected(bootstrap, deadLetterTopic),
        rejected(bootstrap, lateTopic),
        TopicSnapshot.values(bootstrap, sessionsTopic).stream().map(SessionRecord::parse).toList(),
        TopicSnapshot.values(bootstrap, funnelsTopic).stream().map(FunnelRecord::parse).toList(),
        sessionGap,
        stepTimeout);
  }

  /** The events a late or dead-letter topic holds ("" for no topic: none). */
  static RejectedEvents rejected(String bootstrap, String topic) {
    RejectedEvents rejected = new RejectedEvents();
    if (topic == null || topic.isBlank()) {
      return rejected;
    }
    for (ConsumerRecord<byte[], byte[]> r : TopicSnapshot.readAllBytes(bootstrap, topic)) {
      Map<String, String> headers = new HashMap<>();
      for (Header h : r.headers()) {
        headers.put(
            h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
      rejected.add(r.value(), headers);
    }
    return rejected;
  }
}
