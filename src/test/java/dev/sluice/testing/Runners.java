package dev.sluice.testing;

import dev.sluice.kit.PipelineRun;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Options for the runners every pipeline test runs on. */
public final class Runners {

  private Runners() {}

  public static PipelineOptions direct(String... extra) {
    return options("--runner=DirectRunner", extra);
  }

  /**
   * An embedded Flink mini-cluster in streaming mode. One slot and one-element bundles: otherwise
   * the Flink runner lets TestStream's watermark steps overtake the elements (platform notes).
   */
  public static PipelineOptions flinkForTestStream(String... extra) {
    String[] flags =
        with(new String[] {"--streaming=true", "--parallelism=1", "--maxBundleSize=1"}, extra);
    return options("--runner=TestFlinkRunner", flags);
  }

  /** An embedded Flink mini-cluster, streaming, two slots: what a local user runs. */
  public static PipelineOptions flink(String... extra) {
    return options(
        "--runner=FlinkRunner", with(new String[] {"--streaming=true", "--parallelism=2"}, extra));
  }

  private static PipelineOptions options(String runner, String... extra) {
    // The defaults a user's run gets (PipelineRun), so tests cover what runs in production.
    String[] args = with(new String[] {runner}, extra);
    return PipelineOptionsFactory.fromArgs(
            runner.endsWith("DirectRunner") ? args : PipelineRun.withDefaults(args))
        .create();
  }

  /** Flags and more flags after them: a runner's flags with a test's own. */
  public static String[] with(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
