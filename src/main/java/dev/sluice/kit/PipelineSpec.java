package dev.sluice.kit;

import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * A pipeline declared once for every command that serves it ({@code run}, {@code submit}, {@code
 * demo}, the tests): its name, options, how options become a pipeline, which topics it writes
 * besides the dead letters and late events, which control topics it reads, and what must add up in
 * its counters. Immutable: each {@code with} returns a changed copy.
 */
public final class PipelineSpec<O extends SluiceOptions> {

  private final String name;
  private final String summary;
  private final Class<O> options;
  private final Function<O, Pipeline> build;
  private Function<O, List<String>> outputTopics = o -> List.of();
  private Function<O, List<String>> controlTopics = o -> List.of();
  private Accounting accounting = Accounting.of();
  private Function<O, Accounting> accountingFor;
  private List<String> exampleArgs = List.of();
  private Scenario scenario = (prefix, dir) -> List.of();
  private Function<O, AuditReport> audit;
  private OutputView<O> view = (o, servers, out, rows) -> {};
  private Function<O, List<Chart>> charts = o -> List.of();
  private Workload<O> workload = new Workload<>(Workload.SENSOR, o -> "", List.of(), List.of());

  /**
   * What the demo and the chaos suite feed the pipeline: the generator's scenario ({@code generate
   * --scenario}), the topic whose records the scenario's truth judges ("" for none), the flags that
   * fit the pipeline to the demo's data, and those that fit it to a live stream of a few minutes
   * (the chaos suite's: short sessions and timeouts, so results become final while it runs).
   */
  public record Workload<O>(
      String scenario, Function<O, String> judgedTopic, List<String> args, List<String> liveArgs) {
    public static final String SENSOR = "sensor";
    public static final String IOT = "iot";
    public static final String CLICKSTREAM = "clickstream";
    public static final String PAYMENTS = "payments";
  }

  /**
   * The flags that run the pipeline on topics whose names start with {@code prefix} (the demo, the
   * chaos suite, tests); {@code dir} holds any file it needs (a rules file).
   */
  public interface Scenario extends java.io.Serializable {
    List<String> args(String prefix, java.nio.file.Path dir);
  }

  /** Shows a person what a finished run wrote (the demo's last screen). */
  public interface OutputView<O> {
    void show(O options, String bootstrapServers, java.io.PrintStream out, int rows);
  }

  private PipelineSpec(String name, String summary, Class<O> options, Function<O, Pipeline> build) {
    this.name = name;
    this.summary = summary;
    this.options = options;
    this.build = build;
  }

  public static <O extends SluiceOptions> PipelineSpec<O> of(
      String name, String summary, Class<O> options, Function<O, Pipeline> build) {
    return new PipelineSpec<>(name, summary, options, build);
  }

  private PipelineSpec<O> copy() {
    PipelineSpec<O> c = new PipelineSpec<>(name, summary, options, build);
    c.outputTopics = outputTopics;
    c.controlTopics = controlTopics;
    c.accounting = accounting;
    c.accountingFor = accountingFor;
    c.exampleArgs = exampleArgs;
    c.scenario = scenario;
    c.audit = audit;
    c.view = view;
    c.charts = charts;
    c.workload = workload;
    return c;
  }

  /** The topics the pipeline writes besides dead letters and late events. */
  public PipelineSpec<O> withOutputTopics(Function<O, List<String>> topics) {
    PipelineSpec<O> c = copy();
    c.outputTopics = topics;
    return c;
  }

  /** Topics read next to the events for the pipeline's own control (a router's rules). */
  public PipelineSpec<O> withControlTopics(Function<O, List<String>> topics) {
    PipelineSpec<O> c = copy();
    c.controlTopics = topics;
    return c;
  }

  public PipelineSpec<O> withAccounting(Accounting identities) {
    PipelineSpec<O> c = copy();
    c.accounting = identities;
    return c;
  }

  /**
   * Identities that depend on the run's flags (e.g. how many windows an event counts in); {@link
   * #accounting()} stays the flag-independent part.
   */
  public PipelineSpec<O> withAccounting(Accounting identities, Function<O, Accounting> forRun) {
    PipelineSpec<O> c = withAccounting(identities);
    c.accountingFor = forRun;
    return c;
  }

  /**
   * The smallest flags that build this pipeline (topic names only): the transform-names test builds
   * it with them.
   */
  public PipelineSpec<O> withExampleArgs(String... args) {
    PipelineSpec<O> c = copy();
    c.exampleArgs = List.of(args);
    return c;
  }

  public PipelineSpec<O> withScenario(Scenario flags) {
    PipelineSpec<O> c = copy();
    c.scenario = flags;
    return c;
  }

  /** Recomputes what the job should have written from its input topic and compares. */
  public PipelineSpec<O> withAudit(Function<O, AuditReport> check) {
    PipelineSpec<O> c = copy();
    c.audit = check;
    return c;
  }

  /** The generator scenario the demo uses, and the topic its truth judges. */
  public PipelineSpec<O> withWorkload(
      String scenario, Function<O, String> judgedTopic, String... args) {
    PipelineSpec<O> c = copy();
    c.workload = new Workload<>(scenario, judgedTopic, List.of(args), workload.liveArgs());
    return c;
  }

  /** The flags that fit the pipeline to its workload's live stream (see {@link Workload}). */
  public PipelineSpec<O> withLiveArgs(String... args) {
    PipelineSpec<O> c = copy();
    c.workload =
        new Workload<>(workload.scenario(), workload.judgedTopic(), workload.args(), List.of(args));
    return c;
  }

  public Workload<O> workload() {
    return workload;
  }

  public PipelineSpec<O> withView(OutputView<O> show) {
    PipelineSpec<O> c = copy();
    c.view = show;
    return c;
  }

  /** What the dashboard draws of a run with these options ({@code sluice dashboard}). */
  public PipelineSpec<O> withCharts(Function<O, List<Chart>> draw) {
    PipelineSpec<O> c = copy();
    c.charts = draw;
    return c;
  }

  public List<Chart> charts(O parsed) {
    return charts.apply(parsed);
  }

  public List<String> scenarioArgs(String prefix, java.nio.file.Path dir) {
    return scenario.args(prefix, dir);
  }

  /** The audit of a job run with these options; fails if the pipeline has none. */
  public AuditReport audit(O parsed) {
    if (audit == null) {
      throw new UnsupportedOperationException(name + " has no audit");
    }
    return audit.apply(parsed);
  }

  public void show(O parsed, String bootstrapServers, java.io.PrintStream out, int rows) {
    view.show(parsed, bootstrapServers, out, rows);
  }

  public String name() {
    return name;
  }

  public String summary() {
    return summary;
  }

  public Class<O> options() {
    return options;
  }

  public Accounting accounting() {
    return accounting;
  }

  /** What must add up in a run with these options. */
  public Accounting accounting(O parsed) {
    return accountingFor == null ? accounting : accountingFor.apply(parsed);
  }

  public List<String> exampleArgs() {
    return exampleArgs;
  }

  /** The transform-names file the tests compare the built pipeline with (savepoint safety). */
  public String transformNamesResource() {
    return name + "/transform-names.txt";
  }

  public O parse(String[] args) {
    return PipelineRun.parse(args, options);
  }

  public Pipeline build(O parsed) {
    return build.apply(parsed);
  }

  public List<String> outputTopics(O parsed) {
    return outputTopics.apply(parsed);
  }

  public List<String> controlTopics(O parsed) {
    return controlTopics.apply(parsed);
  }

  /** Parses, checks the topics, runs, prints the summary and accounting; the exit code. */
  public int main(String[] args) {
    return PipelineRun.runMain(this, args);
  }

  /** Starts the pipeline and returns without waiting for it (a detached cluster submission). */
  public PipelineResult launch(String[] args) {
    O parsed = parse(args);
    PipelineRun.checkMetricsPort(parsed);
    PipelineRun.checkTopics(this, parsed);
    return build(parsed).run();
  }
}
