package dev.sluice.testing;

import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.RecordCounts;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Any catalogued pipeline on the shared broker: its scenario topics under a fresh prefix, generated
 * input, a run, and what every run must satisfy (its accounting identities, its audit).
 */
public final class PipelineScenario<O extends SluiceOptions> {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final PipelineSpec<O> spec;
  private final List<String> args;
  private final O options;
  private final String bootstrap = SharedKafka.bootstrapServers();

  /**
   * @param extra flags after the scenario's own (e.g. the metrics a workload carries)
   */
  public PipelineScenario(PipelineSpec<O> spec, Path dir, String... extra) {
    this.spec = spec;
    String prefix = "scn" + RUNS.incrementAndGet() + "-" + spec.name();
    args = new ArrayList<>(spec.scenarioArgs(prefix, dir));
    args.addAll(Arrays.asList(extra));
    args.addAll(List.of("--bootstrapServers=" + bootstrap, "--groupId=" + prefix));
    options = spec.parse(args.toArray(new String[0]));
    PipelineRun.createTopics(spec, options, 2, 1);
  }

  /** Generated CloudEvents with every defect, into the first input topic. */
  public RecordCounts produce(GeneratorConfig config) {
    try (KafkaEventWriter writer =
        new KafkaEventWriter(
            Map.of("bootstrap.servers", bootstrap), options.getInputTopic().get(0))) {
      return writer.writeAll(
          new EventGenerator(config), config.count(), 0, new PrintWriter(System.err, true));
    }
  }

  /** Any generated records (an IoT fleet, say), into the first input topic. */
  public RecordCounts produce(java.util.Iterator<GeneratedRecord> records, long total) {
    try (KafkaEventWriter writer =
        new KafkaEventWriter(
            Map.of("bootstrap.servers", bootstrap), options.getInputTopic().get(0))) {
      return writer.writeAll(records, total, 0, new PrintWriter(System.err, true));
    }
  }

  public O options() {
    return options;
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** A bounded run with {@code runner} flags; the DirectRunner keeps its per-element checks. */
  public RunSummary runBounded(String... runner) {
    List<String> all = new ArrayList<>(args);
    all.addAll(Arrays.asList(runner));
    all.add("--bounded=true");
    if (all.contains("--runner=DirectRunner")) {
      all.addAll(List.of("--enforceImmutability=true", "--enforceEncodability=true"));
    }
    O run = spec.parse(all.toArray(new String[0]));
    PipelineRun.checkTopics(spec, run);
    RunSummary summary = PipelineRun.execute(spec.name(), spec.build(run), run, System.err);
    System.err.println(summary.format());
    System.err.println(spec.accounting().line(summary));
    return summary;
  }

  public AuditReport audit() {
    return spec.audit(options);
  }

  public PipelineSpec<O> spec() {
    return spec;
  }
}
