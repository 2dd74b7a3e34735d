package dev.sluice.pipelines;

import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/** The pipelines the CLI can run, by name. */
public final class Pipelines {

  /** A runnable pipeline: its options interface and how options become a pipeline. */
  public record Entry<O extends SluiceOptions>(
      String name, String summary, Class<O> options, Function<O, Pipeline> build) {
    public int main(String[] args) {
      return PipelineRun.runMain(name, args, options, build);
    }

    /** Starts the pipeline and returns without waiting for it (a detached cluster submission). */
    public PipelineResult launch(String[] args) {
      return PipelineRun.launch(args, options, build);
    }
  }

  private static final Map<String, Entry<?>> ALL = new TreeMap<>();

  static {
    add(
        new Entry<>(
            WindowedAggregatePipeline.NAME,
            "count/sum/min/max/avg per key in event-time windows",
            WindowedAggregatePipeline.Options.class,
            WindowedAggregatePipeline::build));
  }

  private static void add(Entry<?> entry) {
    ALL.put(entry.name(), entry);
  }

  private Pipelines() {}

  public static Entry<?> get(String name) {
    Entry<?> entry = ALL.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(
          "unknown pipeline '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
    }
    return entry;
  }

  public static Map<String, Entry<?>> all() {
    return ALL;
  }
}
