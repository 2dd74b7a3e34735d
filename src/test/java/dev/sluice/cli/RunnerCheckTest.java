package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerCheckTest {

  /** A build without any Beam runner: only the JDK's classes. */
  private static final ClassLoader NO_RUNNERS =
      new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());

  @Test
  void aMissingRunnerFailsInOneLineNamingTheFix() {
    for (String spelling :
        List.of("FlinkRunner", "flink", "org.apache.beam.runners.flink.FlinkRunner")) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> RunnerCheck.require(List.of("--runner=" + spelling, "--x=1"), NO_RUNNERS));
      assertEquals(
          "FlinkRunner is not in this build: rebuild with SLUICE_MAVEN_ARGS=-Pflink-runner"
              + " (scripts/sluice does it) or use target/sluice-flink.jar",
          e.getMessage());
    }
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RunnerCheck.require(List.of("--runner=DataflowRunner"), NO_RUNNERS));
    assertEquals(
        "DataflowRunner is not in this build: rebuild with SLUICE_MAVEN_ARGS=-Pdataflow-runner"
            + " (scripts/sluice does it)",
        e.getMessage());
  }

  @Test
  void presentOrUnknownRunnersAreLeftToBeam() {
    ClassLoader here = RunnerCheckTest.class.getClassLoader();
    RunnerCheck.require(List.of("--runner=FlinkRunner"), here); // on the test classpath
    RunnerCheck.require(List.of("--runner=DirectRunner"), NO_RUNNERS);
    RunnerCheck.require(List.of("--runner=NoSuchRunner"), NO_RUNNERS);
    RunnerCheck.require(List.of(), NO_RUNNERS);
  }
}
