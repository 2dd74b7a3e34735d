package dev.sluice.pipelines;

import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;

/**
 * Prints the full name of every primitive transform of windowed-aggregate: Flink's operator uids.
 */
public final class PrintTransformNames {

  private PrintTransformNames() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(WindowedAggregatePipeline.Options.class);
    WindowedAggregatePipeline.Options options =
        PipelineOptionsFactory.fromArgs(args)
            .withValidation()
            .as(WindowedAggregatePipeline.Options.class);
    Pipeline pipeline = WindowedAggregatePipeline.build(options);
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            System.out.println(node.getFullName());
          }
        });
  }
}
