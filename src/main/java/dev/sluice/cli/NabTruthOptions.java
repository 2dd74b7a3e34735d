package dev.sluice.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Truth from the Numenta Anomaly Benchmark's label windows instead of a generated truth file. */
final class NabTruthOptions {

  @Option(
      names = "--nabWindows",
      paramLabel = "FILE",
      description = "NAB label windows (labels/combined_windows.json) as truth, kind 'labelled'.")
  Path windows;

  @Option(
      names = "--nabFile",
      description =
          "The series' key in the windows file, e.g. realKnownCause/machine_temperature_system_failure.csv.")
  String file;

  @Option(names = "--device", description = "Device the series was loaded as (sluice series).")
  String device;

  @Option(names = "--metric", description = "Metric the series was loaded as (sluice series).")
  String metric;

  boolean given() {
    return windows != null;
  }

  List<dev.sluice.quality.TruthWindow> windows(CommandSpec spec) throws Exception {
    if (file == null || device == null || metric == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--nabWindows needs --nabFile, --device and --metric");
    }
    return dev.sluice.quality.NabLabels.read(windows, file, device, metric);
  }
}
