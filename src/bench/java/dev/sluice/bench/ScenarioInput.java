package dev.sluice.bench;

import dev.sluice.kit.PipelineSpec;
import java.util.function.LongFunction;

/**
 * The generator scenarios whose records scenario rows read ({@code generate --scenario NAME}, as
 * named by {@link PipelineSpec.Workload}), each with its bench flags: {@code --NAME} adds its rows,
 * {@code --NAME-UNITs N} sets about how many records its topic holds (NAME is the scenario's, or
 * for the sensor readings the router's, the one pipeline that reads them in the bench). A new
 * scenario row on a new input: one constant here (with its {@link ScenarioWorkload}) and one in
 * {@link Contender}.
 */
enum ScenarioInput {
  IOT(PipelineSpec.Workload.IOT, "iot", "reading", IotWorkload::of),
  CLICKSTREAM(PipelineSpec.Workload.CLICKSTREAM, "clickstream", "click", ClickstreamWorkload::of),
  PAYMENTS(PipelineSpec.Workload.PAYMENTS, "payments", "payment", PaymentsWorkload::of),
  // The demo's sensor readings, read by the router rows (--router, --router-events N).
  SENSOR(PipelineSpec.Workload.SENSOR, "router", "event", SensorWorkload::of);

  /** Records in the topic without a size flag: full runs, and {@code --quick}. */
  static final long DEFAULT_SIZE = 200_000;

  static final long QUICK_SIZE = 50_000;

  final String scenario;
  final String name;
  final String unit;
  private final LongFunction<ScenarioWorkload> ofSize;

  ScenarioInput(String scenario, String name, String unit, LongFunction<ScenarioWorkload> ofSize) {
    this.scenario = scenario;
    this.name = name;
    this.unit = unit;
    this.ofSize = ofSize;
  }

  /** The flag that adds this input's rows, e.g. {@code --iot}. */
  String flag() {
    return "--" + name;
  }

  /** The flag that sizes this input, e.g. {@code --iot-readings}. */
  String sizeFlag() {
    return flag() + "-" + unit + "s";
  }

  /** The pre-filled topic every row on this input reads, e.g. {@code bench-iot-readings}. */
  String topic() {
    return "bench-" + name + "-" + unit + "s";
  }

  ScenarioWorkload workload(long size) {
    return ofSize.apply(size);
  }
}
