package dev.sluice.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/** Placeholder until the slow-sink scenario is written. */
final class BackpressureScenario {
  BackpressureScenario(String bootstrap, Path work, Path flinkConf, BenchOptions options, PrintStream out) {}

  int run() {
    throw new UnsupportedOperationException("not yet");
  }
}
