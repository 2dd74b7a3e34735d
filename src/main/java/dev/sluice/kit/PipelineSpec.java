package dev.sluice.kit;

import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * A pipeline declared once for every command that serves it ({@code run}, {@code submit}, {@code
 * demo}, the tests): its name, options, how options become a pipeline, which output topics it
 * writes besides the dead letters and late events, and what must add up in its counters.
 */
public final class PipelineSpec<O extends SluiceOptions> {

  private final String name;
  private final String summary;
  private final Class<O> options;
  private final Function<O, Pipeline> build;
  private final Function<O, List<String>> outputTopics;
  private final Accounting accounting;
  private final List<String> exampleArgs;

  private PipelineSpec(
      String name,
      String summary,
      Class<O> options,
      Function<O, Pipeline> build,
      Function<O, List<String>> outputTopics,
      Accounting accounting,
      List<String> exampleArgs) {
    this.name = name;
    this.summary = summary;
    this.options = options;
    this.build = build;
    this.outputTopics = outputTopics;
    this.accounting = accounting;
    this.exampleArgs = List.copyOf(exampleArgs);
  }

  /** A spec with no pipeline-specific output topics and no accounting identities yet. */
  public static <O extends SluiceOptions> PipelineSpec<O> of(
      String name, String summary, Class<O> options, Function<O, Pipeline> build) {
    return new PipelineSpec<>(
        name, summary, options, build, o -> List.of(), Accounting.of(), List.of());
  }

  public PipelineSpec<O> withOutputTopics(Function<O, List<String>> topics) {
    return new PipelineSpec<>(name, summary, options, build, topics, accounting, exampleArgs);
  }

  public PipelineSpec<O> withAccounting(Accounting identities) {
    return new PipelineSpec<>(name, summary, options, build, outputTopics, identities, exampleArgs);
  }

  /**
   * The smallest flags that build this pipeline (topic names only): the transform-names test builds
   * it with them, and {@code sluice run NAME --help} shows them as an example.
   */
  public PipelineSpec<O> withExampleArgs(String... args) {
    return new PipelineSpec<>(
        name, summary, options, build, outputTopics, accounting, List.of(args));
  }

  public List<String> exampleArgs() {
    return exampleArgs;
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

  /** Parses, checks the topics, runs, prints the summary and accounting; the exit code. */
  public int main(String[] args) {
    return PipelineRun.runMain(this, args);
  }

  /** Starts the pipeline and returns without waiting for it (a detached cluster submission). */
  public PipelineResult launch(String[] args) {
    O parsed = parse(args);
    PipelineRun.checkTopics(this, parsed);
    return build(parsed).run();
  }
}
