package dev.sluice.pipelines;

import dev.sluice.kit.PipelineSpec;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;

/**
 * Prints the full name of every primitive transform of a catalogued pipeline (Flink's operator
 * uids): {@code PrintTransformNames NAME [flags]}.
 */
public final class PrintTransformNames {

  private PrintTransformNames() {}

  public static void main(String[] args) {
    print(Pipelines.get(args[0]), Arrays.copyOfRange(args, 1, args.length));
  }

  private static <O extends dev.sluice.kit.SluiceOptions> void print(
      PipelineSpec<O> spec, String[] args) {
    Pipeline pipeline = spec.build(spec.parse(args));
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            System.out.println(node.getFullName());
          }
        });
  }
}
