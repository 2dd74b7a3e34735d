package dev.sluice.bench;

import dev.sluice.kit.PipelineSpec;
import java.util.function.LongFunction;

/**
 * The generator scenarios whose records scenario rows read ({@code generate --scenario NAME}, as
 * named by {@link PipelineSpec.Workload}), each with its bench flags: {@code --NAME} adds its rows,
 * {@code --NAME-UNITs N} sets about how many records its topic holds. A new scenario row on a new
 * input: one constant here (with its {@link ScenarioWorkload}) and one in {@link Contender}.
 */
enum ScenarioInput {
  IOT(PipelineSpec.Workload.IOT, "reading", IotWorkload::of),
  CLICKSTREAM(PipelineSpec.Workload.CLICKSTREAM, "click", ClickstreamWorkload::of),
  PAYMENTS(PipelineSpec.Workload.PAYMENTS, "payment", PaymentsWorkload::of);

  /** Records in the topic without a size flag: full runs, and {@code --quick}. */
  static final long DEFAULT_SIZE = 200_000;

  static final long QUICK_SIZE = 50_000;

  final String scenario;
  final String unit;
  private final LongFunction<ScenarioWorkload> ofSize;

  ScenarioInput(String scenario, String unit, LongFunction<ScenarioWorkload> ofSize) {
    this.scenario = scenario;
    this.unit = unit;
    this.ofSize = ofSize;
  }

  /** The flag that adds this input's rows, e.g. {@code --iot}. */
  String flag() {
    return "--" + scenario;
  }

  /** The flag that sizes this input, e.g. {@code --iot-readings}. */
  String sizeFlag() {
    return flag() + "-" + unit + "s";
  }

  /** The pre-filled topic every row on this input reads, e.g. {@code bench-iot-readings}. */
  String topic() {
    return "bench-" + scenario + "-" + unit + "s";
  }

  ScenarioWorkload workload(long size) {
    return ofSize.apply(size);
  }
}
