package dev.sluice.kit;

import dev.sluice.runner.RunnerTraits;
import dev.sluice.transforms.EventTimeOrderedFn;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * What the chosen runner cannot do for a pipeline, refused at launch in one line that names the
 * pipeline, the reason and what to run instead, rather than failing (or quietly differing) mid-job.
 */
final class RunnerLimits {

  private RunnerLimits() {}

  static void check(String name, Pipeline pipeline, SluiceOptions options) {
    RunnerTraits traits = RunnerTraits.of(options);
    if (!traits.streamingTimers() && !options.getBounded()) {
      throw new IllegalArgumentException(
          name
              + " cannot stream on the "
              + traits.runner()
              + ": event-time timers (windows firing, state cleanup) do not fire in its streaming"
              + " mode; run it in batch with --bounded=true, or stream with --runner=FlinkRunner");
    }
    String step = traits.timerOutputTimestamps() ? null : stepReleasingInEventTimeOrder(pipeline);
    if (step != null) {
      throw new IllegalArgumentException(
          name
              + " cannot run on the "
              + traits.runner()
              + ": its step "
              + step
              + " releases events at their own earlier times from a timer, and that runner does"
              + " not honour a timer's output timestamp; use --runner=DirectRunner or"
              + " --runner=FlinkRunner");
    }
  }

  /** The first step that orders events by event time with a held timer, or null. */
  private static String stepReleasingInEventTimeOrder(Pipeline pipeline) {
    String[] found = {null};
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (found[0] == null
                && node.getTransform() instanceof ParDo.MultiOutput<?, ?> parDo
                && parDo.getFn() instanceof EventTimeOrderedFn<?, ?, ?>) {
              found[0] = node.getFullName();
            }
          }
        });
    return found[0];
  }
}
