package dev.sluice.pipelines.router;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.Chart;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.rules.InvalidRules;
import dev.sluice.rules.RuleHistory;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.transforms.SluiceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.values.PCollectionTuple;

/** router: each event to one or more topics by rules over its envelope and data (seed 3.2). */
public final class RouterPipeline {

  public static final String NAME = "router";

  /** Options of the router. */
  public interface Options extends SluiceOptions {
    @Description(
        "Startup rule set (YAML); empty for the built-in pipelines/router/rules.yaml. It applies"
            + " until a rule set published on --rulesTopic takes over.")
    @Default.String("")
    String getRulesFile();

    void setRulesFile(String value);

    @Description(
        "Compacted topic of rule sets, read while the job runs: a rule set published there"
            + " applies to events whose time is at or after its record's timestamp. Empty for none.")
    @Default.String("")
    String getRulesTopic();

    void setRulesTopic(String value);

    @Description(
        "Topics a later rule set may send to besides those of the startup rule set"
            + " (comma-separated); a rule set naming any other topic is refused.")
    List<String> getRouteTopics();

    void setRouteTopics(List<String> value);

    @Description("Keyed shards of the routing step; bounds its parallelism.")
    @Default.Integer(8)
    int getRoutingShards();

    void setRoutingShards(int value);
  }

  public static final PipelineSpec<Options> SPEC =
      PipelineSpec.of(
              NAME,
              "each event to one or more topics by rules, updated live from a rules topic",
              Options.class,
              RouterPipeline::build)
          .withOutputTopics(o -> settings(o).outputs())
          .withControlTopics(
              o -> o.getRulesTopic().isBlank() ? List.of() : List.of(o.getRulesTopic()))
          .withAccounting(
              Accounting.of()
                  .identity(SluiceMetrics.READ, SluiceMetrics.VALID, SluiceMetrics.INVALID)
                  .identity(SluiceMetrics.VALID, RouterMetrics.ROUTED))
          .withExampleArgs("--inputTopic=events", "--deadLetterTopic=dead-letters")
          .withScenario(RouterPipeline::scenario)
          .withAudit(
              o ->
                  new RouterAudit(
                          Ingest.parser(o), settings(o), Durations.parse(o.getMaxOutOfOrderness()))
                      .run(o.getBootstrapServers(), o.getInputTopic(), o.getDeadLetterTopic()))
          .withView(RouterView::show)
          .withCharts(RouterPipeline::charts);

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RouterPipeline.class);

  private RouterPipeline() {}

  /** The dashboard's charts: routed events by route and by type. */
  static List<Chart> charts(Options o) {
    List<String> routes = settings(o).outputs();
    return List.of(
        Chart.countByTopic("Events routed, by output topic", routes),
        Chart.countBy("Events routed, by type", routes.get(0), "type")
            .alsoFrom(routes.subList(1, routes.size())));
  }

  static RouteEvents.Settings settings(Options options) {
    String text =
        options.getRulesFile().isBlank()
            ? PipelineResources.text(NAME + "/rules.yaml")
            : read(options.getRulesFile());
    RuleSet initial;
    try {
      initial = RuleSet.parse(text);
    } catch (InvalidRules e) {
      throw new IllegalArgumentException(
          "--rulesFile " + options.getRulesFile() + " is not a valid rule set: " + e.getMessage());
    }
    List<String> extra = options.getRouteTopics() == null ? List.of() : options.getRouteTopics();
    return new RouteEvents.Settings(
        initial, options.getRulesTopic(), new ArrayList<>(extra), options.getRoutingShards());
  }

  /** The topics events are routed to: the rules' own and any extra the options name. */
  public static List<String> routeTopics(Options options) {
    return settings(options).outputs();
  }

  /** Maps options to transforms. */
  public static Pipeline build(Options options) {
    RouteEvents.Settings settings = settings(options);
    // One parser for the source's event time and the parse step, so the step reuses that parse.
    EventParser parser = Ingest.parser(options);
    RouteEvents route = new RouteEvents(parser, settings, known(options, settings));
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple out =
        pipeline
            .apply("ReadEvents", Ingest.read(options, parser, SPEC.controlTopics(options)))
            .apply("Route", route);
    List<WriteOutputs.Output<?>> outputs = new ArrayList<>();
    for (String topic : settings.outputs()) {
      outputs.add(
          WriteOutputs.Output.records("route-" + topic, route.output(topic), topic, r -> r)
              .storedIn(ResultTable.events("router_events", parser, Map.of("topic", topic))));
    }
    outputs.add(
        WriteOutputs.Output.deadLetters(RouteEvents.DEAD_LETTERS, options.getDeadLetterTopic()));
    out.apply("WriteOutputs", new WriteOutputs(Ingest.sink(options), outputs));
    Database.store(NAME, options, out, outputs);
    return pipeline;
  }

  /**
   * A streaming read resumes the rules topic where its consumer group committed, so the rule sets
   * before that (which a previous run applied) are loaded here; without them a restart without
   * checkpointed state would fall back to the startup rules. A replay, and a streaming read on a
   * runner without durable state (which commits no offsets and reads from the beginning), read the
   * topic from the beginning and need none.
   */
  private static RuleHistory known(Options options, RouteEvents.Settings settings) {
    if (options.getBounded()
        || settings.rulesTopic().isBlank()
        || !RunnerTraits.of(options).durableState()) {
      return RuleHistory.startingWith(settings.initial().asInitial());
    }
    if (!dev.sluice.kafka.Topics.listening(options.getBootstrapServers())) {
      // Built where the broker cannot be reached (an offline translation): a run checks its topics
      // first and fails before this point, so only a job built for elsewhere gets here.
      LOG.warn(
          "router: {} does not answer; the job starts from the startup rules and the rules topic"
              + " from its group's committed offset",
          options.getBootstrapServers());
      return RuleHistory.startingWith(settings.initial().asInitial());
    }
    java.util.Map<String, Object> client = Ingest.clientProperties(options);
    long resumeAt = RulesTopic.committedOffset(client, options.getGroupId(), settings.rulesTopic());
    return RulesTopic.history(options.getBootstrapServers(), settings, resumeAt);
  }

  /**
   * The shipped rules with every topic prefixed, written to {@code dir}, and a rules topic: what
   * the demo and the chaos suite run.
   */
  static List<String> scenario(String prefix, Path dir) {
    RuleSet shipped = RuleSet.parse(PipelineResources.text(NAME + "/rules.yaml"));
    String text = shipped.text();
    for (String topic : shipped.topics()) {
      text =
          text.replaceAll(
              "(?<![\\w.-])" + java.util.regex.Pattern.quote(topic) + "(?![\\w.-])",
              prefix + "-" + topic);
    }
    Path rules = dir.resolve(prefix + "-rules.yaml");
    try {
      Files.writeString(rules, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(
        "--inputTopic=" + prefix + "-events",
        "--deadLetterTopic=" + prefix + "-dead-letters",
        "--rulesFile=" + rules,
        "--rulesTopic=" + prefix + "-rules");
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException("--rulesFile " + file + " cannot be read", e);
    }
  }

  public static void main(String[] args) {
    System.exit(SPEC.main(args));
  }
}
