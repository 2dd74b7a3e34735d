package dev.sluice.pipelines.windowedaggregate;

import dev.sluice.testing.Runners;
import org.apache.beam.sdk.options.PipelineOptions;

/** The example queries on an embedded Flink cluster (streaming, one slot, one-element bundles). */
class UserSqlFlinkTest extends UserSqlTestStreamBase {
  @Override
  PipelineOptions options() {
    return Runners.flinkForTestStream();
  }
}
