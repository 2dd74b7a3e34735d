package dev.sluice.cli;

import java.util.List;
import java.util.Locale;

/**
 * Fails early, in one line naming the fix, when {@code --runner} names a runner this build left
 * out; Beam would only list the runners it has ("supported runners [DirectRunner]").
 */
final class RunnerCheck {

  private record Packaged(String name, String className, String fix) {
    boolean named(String runner) {
      String r = runner.toLowerCase(Locale.ROOT);
      return r.equals(className.toLowerCase(Locale.ROOT))
          || r.equals(name.toLowerCase(Locale.ROOT))
          || r.equals(name.toLowerCase(Locale.ROOT).replace("runner", ""));
    }
  }

  private static final List<Packaged> OPTIONAL =
      List.of(
          new Packaged(
              "FlinkRunner",
              "org.apache.beam.runners.flink.FlinkRunner",
              "rebuild with SLUICE_MAVEN_ARGS=-Pflink-runner (scripts/sluice does it)"
                  + " or use target/sluice-flink.jar"),
          new Packaged(
              "DataflowRunner",
              "org.apache.beam.runners.dataflow.DataflowRunner",
              "rebuild with SLUICE_MAVEN_ARGS=-Pdataflow-runner (scripts/sluice does it)"));

  private RunnerCheck() {}

  /** Throws if the last {@code --runner=X} in args is a known runner the loader cannot load. */
  static void require(List<String> args, ClassLoader loader) {
    String runner = null;
    for (String arg : args) {
      if (arg.startsWith("--runner=")) {
        runner = arg.substring("--runner=".length());
      }
    }
    if (runner != null) {
      for (Packaged o : OPTIONAL) {
        if (o.named(runner) && !loadable(o.className(), loader)) {
          throw new IllegalStateException(o.name() + " is not in this build: " + o.fix());
        }
      }
    }
  }

  private static boolean loadable(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
