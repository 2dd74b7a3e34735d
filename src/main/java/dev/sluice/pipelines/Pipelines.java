package dev.sluice.pipelines;

import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.clickstream.ClickstreamPipeline;
import dev.sluice.pipelines.iottelemetry.IotTelemetryPipeline;
import dev.sluice.pipelines.merge.MergePipeline;
import dev.sluice.pipelines.paymentsrisk.PaymentsRiskPipeline;
import dev.sluice.pipelines.router.RouterPipeline;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The catalogue: every pipeline the commands and the tests serve, by name. */
public final class Pipelines {

  private static final Map<String, PipelineSpec<?>> ALL = new TreeMap<>();

  static {
    add(WindowedAggregatePipeline.SPEC);
    add(RouterPipeline.SPEC);
    add(IotTelemetryPipeline.SPEC);
    add(ClickstreamPipeline.SPEC);
    add(PaymentsRiskPipeline.SPEC);
    add(MergePipeline.SPEC);
  }

  private static void add(PipelineSpec<?> spec) {
    ALL.put(spec.name(), spec);
  }

  private Pipelines() {}

  public static PipelineSpec<?> get(String name) {
    PipelineSpec<?> spec = ALL.get(name);
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown pipeline '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
    }
    return spec;
  }

  public static Map<String, PipelineSpec<?>> all() {
    return Collections.unmodifiableMap(ALL);
  }
}
