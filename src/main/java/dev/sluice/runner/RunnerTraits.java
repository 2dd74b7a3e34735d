package dev.sluice.runner;

import java.io.Serializable;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What the chosen runner needs from Sluice's steps, decided once when a pipeline is built; the
 * steps take these facts as settings and never look at the runner themselves.
 *
 * @param runner the runner's simple class name, for messages
 * @param watermarkPerInstance each parallel instance of a step has its own input watermark (Flink),
 *     so what a step learns about it must stay with the instance; otherwise (Direct) one watermark
 *     per step, and a step's keys run in many DoFn copies that may share what they learn
 * @param replaysInBatchMode a bounded replay of Kafka reads through a bounded source, so the job
 *     runs in batch mode: Direct reads an unbounded source a few records per bundle and crawls
 * @param commitsOnCheckpoints exactly-once output is committed when a checkpoint completes (Flink),
 *     so it needs checkpointing and cannot end a bounded job cleanly
 * @param durableState the job's state (open windows, read positions) outlives the process that
 *     started it: Flink on a remote cluster (checkpoints, savepoints) and Dataflow. Only then may
 *     the read commit offsets to its consumer group; elsewhere (Direct, an embedded Flink cluster)
 *     state lives in memory, and an offset committed for an event whose window had not fired would
 *     lose that event on a restart
 * @param streamingTimers event-time timers fire in streaming mode (not so on Spark, whose streaming
 *     mode has no timers)
 * @param timerOutputTimestamps a timer may output at its own output timestamp, earlier than when it
 *     fires, as an event-time hold allows (not so on Spark)
 */
public record RunnerTraits(
    String runner,
    boolean watermarkPerInstance,
    boolean replaysInBatchMode,
    boolean commitsOnCheckpoints,
    boolean durableState,
    boolean streamingTimers,
    boolean timerOutputTimestamps)
    implements Serializable {

  /**
   * A source's own Beam metrics reach the job's metric results. Flink's source wrapper reports them
   * to Flink's metric system (REST, web UI) only; a step after the source has to repeat them.
   */
  public boolean sourceMetricsInResults() {
    return !runner.contains("Flink");
  }

  /**
   * A crashed bounded replay can be completed ({@code --resume}): the replay writes the same
   * records on every run. Direct's replay runs in batch mode, where a window fires once, when all
   * input is read. A Flink replay streams: an event within allowed lateness lands in a window's
   * on-time or a late pane depending on how far the other partitions' readers have got, so a second
   * run's panes may differ from the first's. Spark's batch replay would qualify but is not tested
   * for it.
   */
  public boolean resumesReplays() {
    return runner.equals("DirectRunner");
  }

  /**
   * The runner lifts a combine into partial combines before its shuffle and keeps state per key and
   * window in its own backend (Dataflow), so Beam's windowed combine is the aggregation to give it.
   * Elsewhere one state value and one timer per key costs less (measured on Flink).
   */
  public boolean prefersWindowedCombine() {
    return runner.equals("DataflowRunner");
  }

  public static RunnerTraits of(PipelineOptions options) {
    String runner = options.getRunner().getSimpleName();
    return named(runner, durableState(runner, flinkMaster(options)));
  }

  /** The traits of {@code runner} without durable state (Direct, or Flink in this process). */
  public static RunnerTraits named(String runner) {
    return named(runner, false);
  }

  static RunnerTraits named(String runner, boolean durableState) {
    boolean flink = runner.contains("Flink");
    boolean spark = runner.startsWith("Spark");
    boolean batchReplay = runner.equals("DirectRunner") || spark;
    return new RunnerTraits(runner, flink, batchReplay, flink, durableState, !spark, !spark);
  }

  /**
   * Whether state survives the process: Dataflow always; Flink when {@code flinkMaster} names a
   * cluster ({@code host:port}), not one embedded in this JVM ({@code [local]}, {@code [auto]},
   * {@code [collection]} or unset, which Beam starts in-process when no cluster is configured).
   */
  static boolean durableState(String runner, String flinkMaster) {
    if (runner.equals("DataflowRunner")) {
      return true;
    }
    if (!runner.contains("Flink") || runner.startsWith("Test")) {
      return false;
    }
    return flinkMaster != null && !flinkMaster.isBlank() && !flinkMaster.startsWith("[");
  }

  /**
   * {@code --flinkMaster} as parsed, or null. Read by reflection: Beam's Flink runner is on the
   * class path only in builds for Flink, and without it no option names a Flink master.
   */
  private static String flinkMaster(PipelineOptions options) {
    try {
      Class<?> flink =
          Class.forName(
              "org.apache.beam.runners.flink.FlinkPipelineOptions",
              false,
              options.getRunner().getClassLoader());
      Object view = options.as(flink.asSubclass(PipelineOptions.class));
      return (String) flink.getMethod("getFlinkMaster").invoke(view);
    } catch (ClassNotFoundException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read --flinkMaster: " + e, e);
    }
  }
}
